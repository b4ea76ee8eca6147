// Behaviour 7 in real Chromium: a page that goes into the back/forward cache and leaves
// again sends its unsettled events at pagehide once, and delivers normally once restored.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, idsOf, startHarness, waitFor, type Harness } from './harness.js';

let harness: Harness;
let browser: Browser;

beforeAll(async () => {
  harness = await startHarness();
  // Playwright turns the back/forward cache off by default; this test is about it.
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  });
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

// The page's globals, as core.html sets them.

type Win = Window & Record<string, any>;

test('7: pagehide sends each unsettled event once per page life; back from the bfcache, it delivers', async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.enable');
    const notCached: unknown[] = [];
    cdp.on('Page.backForwardCacheNotUsed', (e) => notCached.push(e.notRestoredExplanations));
    // Every request is seen here, refused or not (the harness keeps only the 2xx ones).
    const seen: string[] = [];
    let down = true;
    harness.respond((request) => {
      seen.push(...idsOf(request.body));
      return down ? { status: 503, body: { error: 'down for the test' } } : undefined;
    });
    await page.goto(`${harness.origin}/test/browser/pages/core.html`);
    await page.waitForFunction(() => (window as Win).ready === true);
    // A long backoff: after the first refused batch, only pagehide sends anything.
    await page.evaluate(() => (window as Win).start({ batch: { delayMs: 20 }, retry: { baseMs: 60_000 } }));
    const ids = (await page.evaluate(() =>
      Array.from(
        { length: 20 },
        (_, i) => (window as Win).trail.track('label.added', { context: { item: `b${i}` } }).id,
      ),
    )) as string[];
    await page.waitForFunction(() => (window as Win).trailStatus?.queued >= 20);
    await waitFor(() => seen.length >= 20, 5_000, 'the first refused batch');
    const sends = () => seen.filter((id) => ids.includes(id)).length;

    await page.goto(`${harness.origin}/test/browser/pages/smoke.html`);
    await waitFor(() => sends() >= 40, 5_000, 'the pagehide send');
    await new Promise((r) => setTimeout(r, 300));
    expect(sends(), 'one refused batch, then one pagehide send').toBe(40);
    await page.goBack({ waitUntil: 'commit' });
    const restored = await page.evaluate(() => (window as Win).trail !== undefined);
    expect(restored, `the page came back from the back/forward cache ${JSON.stringify(notCached)}`).toBe(true);
    // Restored, it delivers again at once (its own backoff forgotten): refused once more.
    await waitFor(() => sends() >= 60, 5_000, 'the delivery after the restore');
    await new Promise((r) => setTimeout(r, 300));
    const afterFirstExit = sends();
    expect(afterFirstExit).toBe(60);

    await page.goto(`${harness.origin}/test/browser/pages/smoke.html`);
    await new Promise((r) => setTimeout(r, 500));
    expect(sends(), 'a second exit resends nothing already sent at pagehide').toBe(afterFirstExit);

    down = false;
    await page.goBack({ waitUntil: 'commit' });
    expect(await page.evaluate(() => (window as Win).trail !== undefined)).toBe(true);
    await page.evaluate(() => (window as Win).trail.flush({ timeoutMs: 10_000 }));
    const delivered = new Set(harness.eventIds());
    expect(ids.every((id) => delivered.has(id))).toBe(true);
  } finally {
    await context.close();
  }
});
