// Debian's Firefox ESR through puppeteer-core over WebDriver BiDi.
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import { lacking, sleep, type Engine, type EngineContext, type EnginePage } from './engine.js';

export const FIREFOX_PATH = process.env['FIREFOX_PATH'] ?? '/usr/bin/firefox-esr';

function launch(userDataDir?: string): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    ...(userDataDir ? { userDataDir } : {}),
  });
}

/** Offline state and the pages of one context: the switch is per page in BiDi, so new pages follow it. */
interface ContextState {
  offline: boolean;
  readonly pages: Set<Page>;
}

function wrapPage(context: BrowserContext, state: ContextState, page: Page): EnginePage {
  let cover: Page | undefined;
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    url: async () => page.url(),
    evaluate: ((fn: (arg: unknown) => unknown, arg?: unknown) => page.evaluate(fn, arg)) as EnginePage['evaluate'],
    async waitForFunction(fn, arg, options) {
      await page.waitForFunction(
        fn as (arg: unknown) => unknown,
        { polling: 50, timeout: options?.timeout ?? 30_000 },
        arg,
      );
    },
    waitForTimeout: sleep,
    async bringToFront() {
      await page.bringToFront();
      await cover?.close();
      cover = undefined;
    },
    // Firefox hides a tab another tab covers, as a user's browser does.
    async hide() {
      cover ??= await context.newPage();
      await cover.bringToFront();
    },
    crash: () => Promise.reject(lacking('firefox', 'crash')),
    mouse: {
      move: (x, y) => page.mouse.move(x, y),
      down: () => page.mouse.down(),
      up: () => page.mouse.up(),
    },
    async close() {
      state.pages.delete(page);
      await cover?.close();
      await page.close({ runBeforeUnload: false });
    },
  };
}

function wrapContext(context: BrowserContext, close: () => Promise<void>): EngineContext {
  const state: ContextState = { offline: false, pages: new Set() };
  return {
    async newPage() {
      const page = await context.newPage();
      state.pages.add(page);
      if (state.offline) await page.setOfflineMode(true);
      return wrapPage(context, state, page);
    },
    async setOffline(offline) {
      state.offline = offline;
      await Promise.all([...state.pages].map((page) => page.setOfflineMode(offline)));
    },
    setQuota: () => Promise.reject(lacking('firefox', 'quota')),
    close,
  };
}

export async function launchFirefox(): Promise<Engine> {
  const browser = await launch();
  return {
    name: 'firefox',
    async newContext() {
      const context = await browser.createBrowserContext();
      return wrapContext(context, () => context.close());
    },
    async openProfile(dir) {
      const own = await launch(dir);
      const exited = new Promise<void>((resolve) => own.process()?.once('exit', () => resolve()));
      return {
        ...wrapContext(own.defaultBrowserContext(), () => own.close().catch(() => undefined)),
        async kill() {
          own.process()?.kill('SIGKILL');
          await exited;
          await own.disconnect().catch(() => undefined);
        },
      };
    },
    close: () => browser.close(),
  };
}
