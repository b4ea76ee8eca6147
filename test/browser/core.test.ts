// The core's promises where they matter: in real Chromium, against a real local server.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createProfile, launchBrowser, startHarness, waitFor, type Harness, type Profile } from './harness.js';
import { eventTypes } from '../../src/events/taxonomy.js';

let harness: Harness;
let browser: Browser;
const profiles: Profile[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  harness = await startHarness();
  browser = await launchBrowser();
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
  harness.respond(undefined);
  harness.received.length = 0;
  for (const p of profiles.splice(0)) p.remove();
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

type Win = Window & Record<string, any>;

async function openPage(context: BrowserContext | Browser, options: Record<string, unknown> = {}): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${harness.origin}/test/browser/pages/core.html`);
  await page.waitForFunction(() => (window as Win).ready === true);
  await page.evaluate((o) => (window as Win).start(o), options);
  return page;
}

function emit(page: Page, n: number, prefix: string): Promise<string[]> {
  return page.evaluate(
    ({ n, prefix }) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const e = (window as Win).trail.track('label.added', {
          context: { item: `${prefix}-${i}` },
          label: { id: `obj-${i}` },
        });
        ids.push(e.id);
      }
      return ids;
    },
    { n, prefix },
  );
}

/** Waits until the page reports every accepted event stored in IndexedDB. */
async function waitStored(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (n) => (window as Win).trailStatus?.storage === 'indexeddb' && (window as Win).trailStatus.queued >= n,
    n,
  );
}

function counts(ids: string[]): { unique: number; duplicates: number } {
  const unique = new Set(ids).size;
  return { unique, duplicates: ids.length - unique };
}

test('events stored before a reload are delivered after it, each once', async () => {
  const profile = createProfile();
  profiles.push(profile);
  const context = await profile.open();
  contexts.push(context);
  harness.respond(() => ({ status: 503, body: { error: 'down for the test' } }));
  const page = await openPage(context, { batch: { delayMs: 50 }, retry: { baseMs: 60_000 } });
  const sent = await emit(page, 300, 'reload');
  await waitStored(page, 300);
  expect(harness.eventIds()).toEqual([]);

  // Still failing while the page unloads, so that its unload send is refused too.
  await page.reload();
  await page.waitForFunction(() => (window as Win).ready === true);
  harness.respond(undefined);
  await page.evaluate(() => (window as Win).start({ batch: { delayMs: 50 } }));
  await waitFor(() => new Set(harness.eventIds()).size >= sent.length, 15_000, 'delivery after reload');
  await page.evaluate(() => (window as Win).trail.flush());
  const ids = harness.eventIds();
  expect(new Set(ids)).toEqual(new Set(sent));
  expect(counts(ids).duplicates).toBe(0);
});

test('events stored before the browser closes are delivered after a restart, each once', async () => {
  const profile = createProfile();
  profiles.push(profile);
  harness.respond(() => ({ status: 503 }));
  let context = await profile.open();
  const page = await openPage(context, { retry: { baseMs: 60_000 } });
  const sent = await emit(page, 250, 'restart');
  await waitStored(page, 250);
  await context.close();
  expect(harness.eventIds()).toEqual([]);

  harness.respond(undefined);
  context = await profile.open();
  contexts.push(context);
  const again = await openPage(context, { batch: { delayMs: 50 } });
  await again.evaluate(() => (window as Win).trail.flush());
  const ids = harness.eventIds();
  expect(new Set(ids)).toEqual(new Set(sent));
  expect(counts(ids).duplicates).toBe(0);
});

test('two tabs: one delivers at a time and every event arrives once', async () => {
  const context = await browser.newContext();
  contexts.push(context);
  const a = await openPage(context, { batch: { delayMs: 100 } });
  const b = await openPage(context, { batch: { delayMs: 100 } });
  await waitFor(
    async () => {
      const leaders = await Promise.all(
        [a, b].map((p) => p.evaluate(() => (window as Win).trailStatus.leader as boolean)),
      );
      return leaders.filter(Boolean).length === 1;
    },
    10_000,
    'one leader',
  );
  const sent: string[] = [];
  for (let round = 0; round < 5; round++) {
    sent.push(...(await emit(a, 100, `a${round}`)), ...(await emit(b, 100, `b${round}`)));
  }
  await Promise.all([a, b].map((p) => p.evaluate(() => (window as Win).trail.flush())));
  const leaders = await Promise.all([a, b].map((p) => p.evaluate(() => (window as Win).trailStatus.leader as boolean)));
  expect(leaders.filter(Boolean)).toHaveLength(1);
  const ids = harness.eventIds();
  expect(new Set(ids)).toEqual(new Set(sent));
  expect(counts(ids).duplicates).toBe(0);

  // The leader goes away: the other tab takes over delivery.
  const [leader, follower] = leaders[0] ? [a, b] : [b, a];
  await leader.close();
  await follower.waitForFunction(() => (window as Win).trailStatus.leader === true, undefined, { timeout: 10_000 });
  const more = await emit(follower, 50, 'after');
  await follower.evaluate(() => (window as Win).trail.flush());
  const all = harness.eventIds();
  expect(new Set(all)).toEqual(new Set([...sent, ...more]));
  expect(counts(all).duplicates).toBe(0);
});

test('events pending at pagehide reach the server', async () => {
  const context = await browser.newContext();
  contexts.push(context);
  // A long batching delay: only the pagehide send can deliver these in time.
  const page = await openPage(context, { batch: { delayMs: 60_000 }, token: 't-1' });
  const sent = await emit(page, 120, 'unload');
  await page.goto('about:blank');
  await waitFor(() => new Set(harness.eventIds()).size >= sent.length, 10_000, 'unload delivery');
  expect(new Set(harness.eventIds())).toEqual(new Set(sent));
  expect(harness.received.every((r) => r.headers.authorization === 'Bearer t-1')).toBe(true);
});

test('every action number can be emitted and arrives with that number', async () => {
  const page = await openPage(browser, { batch: { delayMs: 20 }, format: 'otlp' });
  const typed = Object.entries(eventTypes).filter(([, info]) => info.code !== null);
  await page.evaluate(
    (types) => {
      // Media types carry the payload their schema requires; the rest need none.
      const payload = { durationMs: 40, fromFrame: 1, toFrame: 9, reason: 'downswitch' };
      for (const type of types) {
        if (!(window as Win).trail.track(type, { context: { item: 'img-1', frame: 3 }, payload }))
          throw new Error(`refused ${type}`);
      }
    },
    typed.map(([type]) => type),
  );
  await page.evaluate(() => (window as Win).trail.flush());
  const records = harness.received.flatMap((r) =>
    (r.body as any).resourceLogs.flatMap((rl: any) => rl.scopeLogs.flatMap((s: any) => s.logRecords)),
  );
  const arrived = new Map<string, number>(
    records.map((l: any) => [
      l.eventName,
      Number(l.attributes.find((a: any) => a.key === 'labeltrail.code').value.intValue),
    ]),
  );
  for (const [type, info] of typed) expect(arrived.get(type), type).toBe(info.code);
  expect(new Set(arrived.values())).toEqual(
    new Set([0, 1, 2, 3, 4, 11, 12, 13, ...Array.from({ length: 15 }, (_, i) => 23 + i)]),
  );
  await page.close();
});

test('large batches travel gzipped and arrive intact', async () => {
  const page = await openPage(browser, { batch: { delayMs: 20 } });
  const sent = await emit(page, 500, 'zip');
  await page.evaluate(() => (window as Win).trail.flush());
  const zipped = harness.received.filter((r) => r.headers['content-encoding'] === 'gzip');
  expect(zipped.length).toBeGreaterThan(0);
  expect(new Set(harness.eventIds())).toEqual(new Set(sent));
  const plainBytes = zipped.reduce((n, r) => n + JSON.stringify(r.body).length, 0);
  const wireBytes = zipped.reduce((n, r) => n + r.rawBytes, 0);
  expect(wireBytes).toBeLessThan(plainBytes / 4);
  await page.close();
});

test('the capture helpers of a trail deliver through the pipeline', async () => {
  const page = await openPage(browser, { batch: { delayMs: 20 } });
  await page.evaluate(async () => {
    const trail = (window as Win).trail;
    trail.openItem('img-7', { project: 'p9' });
    trail.label.begin('box-1');
    await new Promise((r) => setTimeout(r, 120));
    trail.label.add({ id: 'box-1', feature: 'f-car', name: 'Car' });
    trail.review.approve({ label: { id: 'box-1', name: 'Car' } });
    trail.closeItem();
    await trail.flush();
  });
  const events = harness.received.flatMap((r) => (r.body as { events: any[] }).events);
  expect(events.map((e) => [e.type, e.code])).toEqual([
    ['item.opened', null],
    ['label.added', 0],
    ['label.approved', 12],
    ['item.duration', null],
  ]);
  expect(events[1]).toMatchObject({
    context: { item: 'img-7', project: 'p9' },
    label: { id: 'box-1', feature: 'f-car', name: 'Car' },
  });
  expect(events[1].durationMs).toBeGreaterThanOrEqual(100);
  expect(events[3].payload).toMatchObject({ touched: true });
  expect(events[3].payload.durationMs).toBeGreaterThanOrEqual(100);
  await page.close();
});
