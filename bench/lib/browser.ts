// Opens benchmark pages in Debian's Chromium, served by the real-browser test harness.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startHarness, type Harness } from '../../test/browser/harness.js';
import { videoRoute } from '../../test/browser/videoRoute.js';

export interface BenchBrowser {
  readonly harness: Harness;
  readonly browser: Browser;
  open(page: string): Promise<Page>;
  close(): Promise<void>;
}

export async function startBenchBrowser(): Promise<BenchBrowser> {
  const harness = await startHarness();
  harness.route(videoRoute([]));
  const browser = await launchBrowser();
  return {
    harness,
    browser,
    async open(name) {
      // A fresh context per page: its own in-memory IndexedDB, nothing left from earlier pages.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${harness.origin}/bench/pages/${name}`);
      await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true, undefined, {
        timeout: 60_000,
      });
      return page;
    },
    async close() {
      await browser.close();
      await harness.close();
    },
  };
}
