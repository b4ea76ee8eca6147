// Debian's Chromium through playwright-core (CDP).
import { readdirSync, readFileSync } from 'node:fs';
import { chromium as playwright, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, waitFor } from '../harness.js';
import { lacking, type Engine, type EngineContext, type EnginePage, type ProfileContext } from './engine.js';

/** A playwright page behind the driver's contract; focus is real, as in the other engines. */
async function wrapPage(context: BrowserContext, page: Page): Promise<EnginePage> {
  const cdp = await context.newCDPSession(page);
  // With focus emulation off, bringing another tab to the front blurs this one. A navigation
  // can move the page to another renderer, which starts with emulation on again.
  const realFocus = () => cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
  await realFocus();
  return {
    goto: async (url) => void (await page.goto(url), await realFocus()),
    reload: async () => void (await page.reload(), await realFocus()),
    url: async () => page.url(),
    evaluate: ((fn: (arg: unknown) => unknown, arg?: unknown) => page.evaluate(fn, arg)) as EnginePage['evaluate'],
    async waitForFunction(fn, arg, options) {
      await page.waitForFunction(fn as (arg: unknown) => unknown, arg, {
        polling: 50,
        timeout: options?.timeout ?? 30_000,
      });
    },
    waitForTimeout: (ms) => page.waitForTimeout(ms),
    bringToFront: () => page.bringToFront(),
    hide: () => Promise.reject(lacking('chromium', 'hide')),
    async crash() {
      const crashed = new Promise<void>((resolve) => page.once('crash', () => resolve()));
      // Page.crash never answers: the renderer is gone before it can.
      void cdp.send('Page.crash').catch(() => undefined);
      await crashed;
      void page.close().catch(() => undefined);
    },
    mouse: {
      move: (x, y) => page.mouse.move(x, y),
      down: () => page.mouse.down(),
      up: () => page.mouse.up(),
    },
    close: () => page.close({ runBeforeUnload: false }),
  };
}

function wrapContext(context: BrowserContext): EngineContext {
  return {
    // A page that opens comes in front and takes focus, as in a browser (and in the other engines).
    async newPage() {
      const page = await context.newPage();
      const wrapped = await wrapPage(context, page);
      await page.bringToFront();
      return wrapped;
    },
    setOffline: (offline) => context.setOffline(offline),
    async setQuota(origin, bytes) {
      const blank = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(blank);
      const quota = bytes === undefined ? {} : { quotaSize: bytes };
      await cdp.send('Storage.overrideQuotaForOrigin', { origin, ...quota });
    },
    close: () => context.close(),
  };
}

/** Pid of the browser process started on `profileDir` (the one without `--type=`). */
export function browserPid(profileDir: string): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const args = cmdline.split('\0');
    if (args.some((a) => a === `--user-data-dir=${profileDir}`) && !args.some((a) => a.startsWith('--type=')))
      return Number(name);
  }
  return undefined;
}

export async function launchChromium(): Promise<Engine> {
  const options = { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS };
  const browser: Browser = await playwright.launch(options);
  return {
    name: 'chromium',
    newContext: async () => wrapContext(await browser.newContext()),
    async openProfile(dir): Promise<ProfileContext> {
      const context = await playwright.launchPersistentContext(dir, options);
      return {
        ...wrapContext(context),
        async kill() {
          const pid = browserPid(dir);
          if (pid === undefined) throw new Error(`no Chromium process on ${dir}`);
          process.kill(pid, 'SIGKILL');
          await waitFor(() => browserPid(dir) === undefined, 10_000, 'Chromium to die');
          await context.close().catch(() => undefined);
        },
      };
    },
    close: () => browser.close(),
  };
}
