// One deliverer on an origin without Web Locks: `navigator.locks` exists only in secure
// contexts, so a page served over plain http from a name other than localhost has none. The
// browser resolves labeltrail.test to the harness, which makes such an origin.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, idsOf, startHarness, waitFor, type Harness } from './harness.js';
import { DELIVERY_LEASE_MS, DELIVERY_LEASE_RENEW_MS } from '../../src/defaults.js';

type Win = Window & Record<string, any>;

const HOST = 'labeltrail.test';
const PAGE = '/test/browser/pages/faults.html';

let harness: Harness;
let browser: Browser;
let origin: string;
let open = 0;
let mostOpen = 0;
beforeAll(async () => {
  harness = await startHarness();
  origin = harness.origin.replace('127.0.0.1', HOST);
  // Requests in flight at once: two deliverers would overlap.
  harness.route((req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/logs')) return false;
    mostOpen = Math.max(mostOpen, ++open);
    res.on('close', () => open--);
    return false;
  });
  harness.respond((r) => ({ status: 200, body: { accepted: idsOf(r.body).length, rejected: [] }, delayMs: 50 }));
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
  });
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

async function openTrail(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}${PAGE}`);
  await page.waitForFunction(() => (window as Win).ready === true);
  await page.evaluate(() => (window as Win).start({ batch: { delayMs: 100 } }));
  return page;
}

const leaders = (pages: Page[]) =>
  Promise.all(pages.map((p) => p.evaluate(() => (window as Win).trailStatus?.leader === true)));

/** Every page emits for `ms`, the number of leaders sampled meanwhile; then all flush. */
async function emitAndFlush(pages: Page[], ms: number, prefix: string): Promise<number> {
  await Promise.all(
    pages.map((p, i) => p.evaluate((tag) => (window as Win).startEmitting(3, 50, tag), `${prefix}${i}`)),
  );
  let most = 0;
  for (const until = Date.now() + ms; Date.now() < until;) {
    most = Math.max(most, (await leaders(pages)).filter(Boolean).length);
    await new Promise((r) => setTimeout(r, 100));
  }
  await Promise.all(pages.map((p) => p.evaluate(() => (window as Win).stopEmitting())));
  await Promise.all(pages.map((p) => p.evaluate(() => (window as Win).trail.flush({ timeoutMs: 15_000 }))));
  return most;
}

/** How long until one of `pages` delivers, after the leader went away at `since`. */
async function takeover(pages: Page[], since: number): Promise<number> {
  await waitFor(async () => (await leaders(pages)).filter(Boolean).length === 1, 15_000, 'another tab to lead');
  return Date.now() - since;
}

test('http: origin, no Web Locks: one tab delivers; after a close or crash another leads within a lease', async () => {
  const context = await browser.newContext();
  const pages = [await openTrail(context), await openTrail(context), await openTrail(context)];
  for (const page of pages) {
    expect(await page.evaluate(() => [window.isSecureContext, typeof navigator.locks])).toEqual([false, 'undefined']);
  }
  await waitFor(async () => (await leaders(pages)).filter(Boolean).length === 1, 5_000, 'one leader');
  const accepted = new Set<string>();
  const collect = async (from: Page[]) => {
    for (const p of from)
      for (const id of await p.evaluate(() => (window as Win).accepted as string[])) accepted.add(id);
  };
  expect(await emitAndFlush(pages, 2_000, 'three')).toBe(1);
  await collect(pages);

  // The leader closes: it frees the lease at pagehide, so another tab need not wait it out.
  const closed = pages.splice((await leaders(pages)).indexOf(true), 1)[0]!;
  const closedAt = Date.now();
  await closed.close();
  const afterClose = await takeover(pages, closedAt);
  expect(await emitAndFlush(pages, 1_000, 'two')).toBe(1);
  await collect(pages);

  // The next leader crashes: no pagehide, its lease runs out.
  const crashed = pages.splice((await leaders(pages)).indexOf(true), 1)[0]!;
  const cdp = await context.newCDPSession(crashed);
  const gone = new Promise<void>((resolve) => crashed.once('crash', () => resolve()));
  void cdp.send('Page.crash').catch(() => undefined);
  await gone;
  const crashedAt = Date.now();
  const afterCrash = await takeover(pages, crashedAt);
  expect(await emitAndFlush(pages, 1_000, 'one')).toBe(1);
  await collect(pages);

  const received = harness.eventIds();
  console.info(
    `no Web Locks: ${accepted.size} events, ${received.length} received in ${harness.received.length} requests,` +
      ` at most ${mostOpen} at once; takeover ${afterClose} ms after a close, ${afterCrash} ms after a crash`,
  );
  expect(new Set(received)).toEqual(accepted);
  expect(received).toHaveLength(accepted.size);
  expect(mostOpen).toBe(1);
  expect(afterClose).toBeLessThanOrEqual(DELIVERY_LEASE_MS);
  expect(afterCrash).toBeLessThanOrEqual(DELIVERY_LEASE_MS + 2 * DELIVERY_LEASE_RENEW_MS);
  await context.close();
});
