// WebKitGTK's MiniBrowser through its WebDriver (WebKitWebDriver, WebDriver classic) with
// selenium-webdriver, on an Xvfb display this module starts when there is none. One WebDriver
// session is one MiniBrowser process: a context here is a session, a page one of its windows.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Builder, Button, Origin, type WebDriver } from 'selenium-webdriver';
import { waitFor } from '../harness.js';
import { lacking, type Engine, type EngineContext, type EnginePage } from './engine.js';

// The window a page opens in: large enough for the test pages' 800 × 600 editors.
const WINDOW = { width: 1024, height: 768 };
// Script and page-load timeouts of a session: as long as a test may wait on one call.
const SESSION_TIMEOUT_MS = 120_000;

/** MiniBrowser's path from the package that ships it, unless WEBKIT_MINIBROWSER names one. */
function miniBrowserPath(): string {
  if (process.env['WEBKIT_MINIBROWSER']) return process.env['WEBKIT_MINIBROWSER'];
  const files = execFileSync('dpkg', ['-L', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' }).split('\n');
  const found = files.find((file) => file.endsWith('/MiniBrowser'));
  if (!found) throw new Error('MiniBrowser not found in libwebkit2gtk-4.1-0 (apt-get install libwebkit2gtk-4.1-0)');
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** An Xvfb display of its own (MiniBrowser needs one), unless DISPLAY is already set. */
async function startDisplay(): Promise<{ display: string; xvfb?: ChildProcess }> {
  if (process.env['DISPLAY']) return { display: process.env['DISPLAY'] };
  const xvfb = spawn('Xvfb', ['-displayfd', '1', '-nolisten', 'tcp', '-screen', '0', '1280x1024x24'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const display = await new Promise<string>((resolve, reject) => {
    xvfb.stdout!.once('data', (chunk: Buffer) => resolve(`:${chunk.toString().trim()}`));
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
  return { display, xvfb };
}

/** Runs one session's commands one at a time, each in the window it is meant for. */
function sessionQueue(driver: WebDriver) {
  let tail: Promise<unknown> = Promise.resolve();
  let current: string | undefined;
  return function run<T>(handle: string | undefined, command: () => Promise<T>): Promise<T> {
    const next = tail.then(async () => {
      if (handle && handle !== current) {
        await driver.switchTo().window(handle);
        current = handle;
      }
      return command();
    });
    tail = next.catch(() => undefined);
    return next;
  };
}

// Runs the caller's function with its argument and reports the value or the error, since
// executeAsyncScript has no other way to say that the function threw.
const EVALUATE = `const done = arguments[arguments.length - 1];
const arg = arguments[0];
const fn = (%FN%);
Promise.resolve().then(() => fn(arg)).then(
  (value) => done({ ok: true, value: value === undefined ? null : value }),
  (error) => done({ ok: false, error: String(error) + '\\n' + String(error && error.stack) }));`;

function wrapPage(
  driver: WebDriver,
  run: ReturnType<typeof sessionQueue>,
  handle: string,
  close: () => Promise<void>,
): EnginePage {
  let hidden = false;
  const evaluate = async (fn: (arg: unknown) => unknown, arg?: unknown) => {
    const script = EVALUATE.replace('%FN%', fn.toString());
    const result = (await run(handle, () => driver.executeAsyncScript(script, arg ?? null))) as {
      ok: boolean;
      value?: unknown;
      error?: string;
    };
    if (!result.ok) throw new Error(`in the page: ${result.error}`);
    return result.value;
  };
  const act = (build: (actions: ReturnType<WebDriver['actions']>) => ReturnType<WebDriver['actions']>) =>
    run(handle, () => build(driver.actions({ async: true })).perform());
  return {
    goto: (url) => run(handle, () => driver.get(url)),
    reload: () => run(handle, () => driver.navigate().refresh()),
    url: () => run(handle, () => driver.getCurrentUrl()),
    evaluate: evaluate as EnginePage['evaluate'],
    async waitForFunction(fn, arg, options) {
      const timeout = options?.timeout ?? 30_000;
      await waitFor(async () => Boolean(await evaluate(fn as (arg: unknown) => unknown, arg)), timeout, fn.toString());
    },
    waitForTimeout: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    async bringToFront() {
      // Without a window manager, "maximize" is what restores a minimized window.
      await run(handle, async () => {
        if (hidden) await driver.manage().window().maximize();
        hidden = false;
      });
    },
    // A window behind another stays visible in WebKitGTK: minimizing is what hides it.
    async hide() {
      await run(handle, () => driver.manage().window().minimize());
      hidden = true;
    },
    crash: () => Promise.reject(lacking('webkit', 'crash')),
    mouse: {
      move: (x, y) => act((a) => a.move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT })),
      down: () => act((a) => a.press(Button.LEFT)),
      up: () => act((a) => a.release(Button.LEFT)),
    },
    close,
  };
}

async function openSession(server: string, binary: string): Promise<EngineContext> {
  const driver = await new Builder()
    .usingServer(server)
    .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary, args: ['--automation'] } })
    .build();
  await driver.manage().setTimeouts({ script: SESSION_TIMEOUT_MS, pageLoad: SESSION_TIMEOUT_MS });
  const run = sessionQueue(driver);
  // The session opens with one window: the first page takes it, later pages open their own.
  let first: string | undefined = await driver.getWindowHandle();
  const open = new Set<string>();
  // Closing the last window would end the session: that one goes blank and waits for the next page.
  const closePage = (handle: string) => () =>
    run(handle, async () => {
      open.delete(handle);
      if (open.size > 0) return driver.close();
      await driver.get('about:blank');
      first = handle;
    });
  return {
    async newPage() {
      const handle = await run(undefined, async () => {
        if (first) {
          const handle = first;
          first = undefined;
          return handle;
        }
        await driver.switchTo().newWindow('window');
        return driver.getWindowHandle();
      });
      open.add(handle);
      await run(handle, () => driver.manage().window().setRect(WINDOW));
      return wrapPage(driver, run, handle, closePage(handle));
    },
    setOffline: () => Promise.reject(lacking('webkit', 'offline')),
    setQuota: () => Promise.reject(lacking('webkit', 'quota')),
    close: () => run(undefined, () => driver.quit()).catch(() => undefined),
  };
}

export async function launchWebKit(): Promise<Engine> {
  const binary = miniBrowserPath();
  const { display, xvfb } = await startDisplay();
  const port = await freePort();
  const driver = spawn('WebKitWebDriver', [`--port=${port}`], {
    env: { ...process.env, DISPLAY: display },
    stdio: 'ignore',
  });
  const server = `http://127.0.0.1:${port}`;
  await waitFor(
    () =>
      fetch(`${server}/status`).then(
        (r) => r.ok,
        () => false,
      ),
    10_000,
    'WebKitWebDriver to listen',
  );
  return {
    name: 'webkit',
    newContext: () => openSession(server, binary),
    openProfile: () => Promise.reject(lacking('webkit', 'restart')),
    async close() {
      driver.kill();
      xvfb?.kill();
    },
  };
}
