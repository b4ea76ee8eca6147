import { expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { useHarnessAndBrowser, waitFor } from './harness.js';
import { activeFor } from './activeFor.js';

// Time in tool with several tabs of one actor in one browser: each tab's count is its own,
// only one tab counts at a time, and a crashed tab's totals are recovered once.
const IDLE_MS = 5_000;
const HEARTBEAT_MS = 500;
const BUCKETS = ['activeMs', 'stalledMs', 'idleMs', 'hiddenMs', 'blurredMs'] as const;

interface Duration {
  type: string;
  durationMs?: number;
  context: { item?: string };
  payload?: Record<string, number | string | boolean>;
}
interface PageWindow {
  ready?: boolean;
  events: Duration[];
  refused: string[];
  capture: {
    openItem(item: string): void;
    closeItem(): void;
    timeInTool(): { countedMs: number; running: boolean; buckets: Record<string, number> };
  };
}

const rig = useHarnessAndBrowser();

/** A page of `context` running capture-time.html; `init` prepares it before it loads. */
async function openPage(context: BrowserContext, init?: (page: Page) => Promise<unknown>): Promise<Page> {
  const page = await context.newPage();
  await init?.(page);
  await page.goto(
    `${rig.harness.origin}/test/browser/pages/capture-time.html?idle=${IDLE_MS}&heartbeat=${HEARTBEAT_MS}`,
  );
  await page.waitForFunction(() => (window as unknown as PageWindow).ready === true);
  return page;
}

/**
 * Runs the capture call on `page`; returns when it ran on the clock all pages share (`page`:
 * `Date.now()`, as claims carry it; a page's `timeOrigin + now()` is its own monotonic clock),
 * and the test's own clock just before and just after (`before`, `after`): the interval the
 * items were open lies within [first open's before, last close's after], a true upper bound.
 */
const at = async (page: Page, call: 'open' | 'close', item = '') => {
  const before = performance.now();
  const shared = await page.evaluate(
    ([what, id]) => {
      const w = window as unknown as PageWindow;
      if (what === 'open') w.capture.openItem(id!);
      else w.capture.closeItem();
      return Date.now();
    },
    [call, item] as const,
  );
  return { page: shared, before, after: performance.now() };
};

const durations = async (page: Page) =>
  (await page.evaluate(() => (window as unknown as PageWindow).events)).filter((e) => e.type === 'item.duration');

function expectDisjointBuckets(event: Duration): void {
  const p = event.payload!;
  const sum = BUCKETS.reduce((total, bucket) => total + (p[bucket] as number), 0);
  expect(sum).toBe(p['openMs']);
  expect(p['durationMs']).toBe((p['activeMs'] as number) + (p['stalledMs'] as number));
}

async function twoTabs(itemA: string, itemB: string) {
  const context = await rig.browser.newContext();
  const a = await openPage(context);
  const b = await openPage(context);
  const openedA = await at(a, 'open', itemA);
  await activeFor(a, 1_500);
  const openedB = await at(b, 'open', itemB);
  await activeFor(b, 1_500);
  const closedA = await at(a, 'close');
  const closedB = await at(b, 'close');
  const [fromA, fromB] = [await durations(a), await durations(b)];
  for (const page of [a, b]) expect(await page.evaluate(() => (window as unknown as PageWindow).refused)).toEqual([]);
  await context.close();
  return { fromA, fromB, openedA, openedB, closedA, closedB };
}

test('two tabs, different items: one item.duration per tab and item, none recovered, at most wall-clock', async () => {
  const { fromA, fromB, openedA, openedB, closedA, closedB } = await twoTabs('img-A', 'img-B');
  expect(fromA.map((e) => [e.context.item, e.payload!['reason']])).toEqual([['img-A', 'closed']]);
  expect(fromB.map((e) => [e.context.item, e.payload!['reason']])).toEqual([['img-B', 'closed']]);
  const [durA, durB] = [fromA[0]!, fromB[0]!];
  [durA, durB].forEach(expectDisjointBuckets);
  const wall = closedB.after - openedA.before;
  const counted = durA.durationMs! + durB.durationMs!;
  // A counts until B's claim and is then blurred: the two counts add up to the wall clock.
  const stretchA = openedB.page - openedA.page;
  const errorPct = (Math.abs(durA.durationMs! - stretchA) / stretchA) * 100;
  console.info(
    `two tabs, two items: A ${durA.durationMs} ms (${durA.payload!['blurredMs']} ms blurred),` +
      ` B ${durB.durationMs} ms;` +
      ` counted ${counted} ms of ${Math.round(wall)} ms wall clock; A vs its stretch ${errorPct.toFixed(2)} %`,
  );
  expect(counted).toBeLessThanOrEqual(wall);
  expect(errorPct).toBeLessThanOrEqual(1);
  const openA = closedA.page - openedA.page;
  expect(Math.abs((durA.payload!['openMs'] as number) - openA)).toBeLessThanOrEqual(openA / 100);
});

test('two tabs with the same item: each counts its own stretch, none resumes or recovers the other’s', async () => {
  const { fromA, fromB, openedA, closedB } = await twoTabs('img-A', 'img-A');
  expect(fromA.map((e) => e.payload!['reason'])).toEqual(['closed']);
  expect(fromB.map((e) => e.payload!['reason'])).toEqual(['closed']);
  expect(fromB[0]!.payload!['resumedMs']).toBeUndefined();
  [fromA[0]!, fromB[0]!].forEach(expectDisjointBuckets);
  const wall = closedB.after - openedA.before;
  const counted = fromA[0]!.durationMs! + fromB[0]!.durationMs!;
  console.info(`two tabs, one item: counted ${counted} ms of ${Math.round(wall)} ms wall clock`);
  expect(counted).toBeLessThanOrEqual(wall);
  expect(fromB[0]!.durationMs!).toBeGreaterThanOrEqual(1_400);
});

test('a crashed tab’s totals are recovered once, by the next page; a live tab’s never', async () => {
  const context = await rig.browser.newContext();
  const live = await openPage(context);
  await at(live, 'open', 'img-live');
  const doomed = await openPage(context);
  await at(doomed, 'open', 'img-C');
  await activeFor(doomed, 1_500);
  const beforeCrash = await doomed.evaluate(() => (window as unknown as PageWindow).capture.timeInTool().countedMs);
  const cdp = await context.newCDPSession(doomed);
  const crashed = new Promise((resolve) => doomed.once('crash', resolve));
  // Page.crash never answers: the renderer is gone before it can.
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;
  void doomed.close().catch(() => undefined);
  const next = await openPage(context);
  await waitFor(async () => (await durations(next)).length > 0, 5_000, 'the recovered item.duration');
  const third = await openPage(context);
  await third.waitForTimeout(500);
  const recovered = await durations(next);
  expect(recovered.map((e) => [e.context.item, e.payload!['reason']])).toEqual([['img-C', 'recovered']]);
  expectDisjointBuckets(recovered[0]!);
  console.info(`crash: counted ${Math.round(beforeCrash)} ms before, recovered ${recovered[0]!.durationMs} ms`);
  expect(beforeCrash - recovered[0]!.durationMs!).toBeLessThanOrEqual(HEARTBEAT_MS + 100);
  expect(recovered[0]!.durationMs!).toBeLessThanOrEqual(beforeCrash + 1);
  expect(await durations(third)).toEqual([]);
  // The live tab's record was never taken: it closes its own item, once.
  await at(live, 'close');
  expect((await durations(live)).map((e) => e.payload!['reason'])).toEqual(['closed']);
  await context.close();
});

test('a claim from a page whose clock lags (older than a system sleep) leaves the other’s time counted', async () => {
  const context = await rig.browser.newContext();
  const a = await openPage(context);
  // B's `timeOrigin + now()` lags the wall clock by an hour, as a page's does when it was
  // created before an hour of system sleep (its monotonic clock stood still meanwhile).
  const b = await openPage(context, (page) =>
    page.addInitScript(() => {
      const origin = performance.timeOrigin - 3_600_000;
      Object.defineProperty(performance, 'timeOrigin', { configurable: true, get: () => origin });
    }),
  );
  const skew = (await a.evaluate(() => performance.timeOrigin)) - (await b.evaluate(() => performance.timeOrigin));
  expect(skew).toBeGreaterThan(3_500_000);
  await at(a, 'open', 'img-A');
  await activeFor(a, 1_500);
  const claimed = await at(b, 'open', 'img-B'); // B's claim: A yields the count
  await a.waitForTimeout(500);
  const closedA = await at(a, 'close');
  await at(b, 'close');
  const durA = (await durations(a))[0]!;
  expectDisjointBuckets(durA);
  const blurred = durA.payload!['blurredMs'] as number;
  console.info(`lagging claim: A counted ${durA.durationMs} ms, ${blurred} ms blurred`);
  // A's count stops at B's claim: what A counted before it stays counted.
  expect(durA.durationMs!).toBeGreaterThanOrEqual(1_400);
  expect(blurred).toBeLessThanOrEqual(closedA.after - claimed.before);
  expect(blurred).toBeGreaterThanOrEqual(400);
  await context.close();
});

/** The tab id and what the page's own record holds, and the Web Lock requests still queued. */
const tabState = (page: Page) =>
  page.evaluate(async () => {
    const tab = sessionStorage.getItem('labeltrail:tab')!;
    const raw = localStorage.getItem(`labeltrail:item-timer:${tab}`);
    const { pending = [] } = await navigator.locks.query();
    return { tab, item: raw && (JSON.parse(raw) as { item: string }).item, pending: pending.map((l) => l.name) };
  });

test('a duplicated tab (its sessionStorage copied from a live page) gets its own tab id', async () => {
  const context = await rig.browser.newContext();
  const original = await openPage(context);
  await at(original, 'open', 'img-A');
  await activeFor(original, 1_000);
  // "Duplicate tab": the new page starts with a copy of the original's sessionStorage.
  const copied = await original.evaluate(() => Object.entries(sessionStorage));
  const copy = await openPage(context, (page) =>
    page.addInitScript((entries) => entries.forEach(([key, value]) => sessionStorage.setItem(key, value)), copied),
  );
  expect(await copy.evaluate(() => sessionStorage.length)).toBeGreaterThan(0);
  await at(copy, 'open', 'img-B');
  await activeFor(copy, 1_000);
  const [originalState, copyState] = [await tabState(original), await tabState(copy)];
  expect(copyState.tab).not.toBe(originalState.tab);
  expect([originalState.item, copyState.item]).toEqual(['img-A', 'img-B']);
  expect(copyState.pending).toEqual([]); // no lock request queued behind the original's
  await at(original, 'close');
  expect((await tabState(copy)).item).toBe('img-B'); // the original's close left the copy's record
  await at(copy, 'close');
  expect((await durations(original)).map((e) => [e.context.item, e.payload!['reason']])).toEqual([['img-A', 'closed']]);
  expect((await durations(copy)).map((e) => [e.context.item, e.payload!['reason']])).toEqual([['img-B', 'closed']]);
  await context.close();
});

interface TrailWindow {
  ready?: boolean;
  start(options: object): string;
  trail: { openItem(item: string): void; events$: { subscribe(next: (event: unknown) => void): unknown } };
  seen: { type: string; time: number; actor: { id: string }; payload?: Record<string, unknown> }[];
}

/** A page of `context` with a trail (core.html) for `actor`, every event it accepts kept in `seen`. */
async function trailPage(context: BrowserContext, actor: string, init?: (page: Page) => Promise<unknown>) {
  const page = await context.newPage();
  await init?.(page);
  await page.goto(`${rig.harness.origin}/test/browser/pages/core.html`);
  await page.waitForFunction(() => (window as unknown as TrailWindow).ready === true);
  await page.evaluate(
    ([id, capture]) => {
      const w = window as unknown as TrailWindow;
      w.seen = [];
      w.start({ actor: { id }, capture });
      w.trail.events$.subscribe((event) => w.seen.push(event as TrailWindow['seen'][number]));
    },
    [actor, { idleMs: IDLE_MS, heartbeatMs: HEARTBEAT_MS }] as const,
  );
  return page;
}

test('recovered time goes to the actor who counted it, dated at its last heartbeat, days later too', async () => {
  const context = await rig.browser.newContext();
  const ann = await trailPage(context, 'ann');
  const opened = await ann.evaluate(() => {
    (window as unknown as TrailWindow).trail.openItem('img-R');
    return Date.now();
  });
  await activeFor(ann, 1_200);
  const crashedAt = await ann.evaluate(() => Date.now());
  const cdp = await context.newCDPSession(ann);
  const crashed = new Promise((resolve) => ann.once('crash', resolve));
  // Page.crash never answers: the renderer is gone before it can.
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;
  void ann.close().catch(() => undefined);
  // Two days later by the wall clock, another annotator opens the tool on this machine.
  const later = 2 * 86_400_000;
  const bob = await trailPage(context, 'bob', (page) =>
    page.addInitScript((skew) => {
      const now = Date.now.bind(Date);
      Date.now = () => now() + skew;
    }, later),
  );
  const seen = () => bob.evaluate(() => (window as unknown as TrailWindow).seen);
  await waitFor(async () => (await seen()).some((e) => e.type === 'item.duration'), 5_000, 'the recovered totals');
  await bob.evaluate(() => (window as unknown as TrailWindow).trail.openItem('img-S'));
  const events = await seen();
  const recovered = events.find((e) => e.type === 'item.duration')!;
  const own = events.find((e) => e.type === 'item.opened')!;
  console.info(`recovered: ${recovered.actor.id}, ${crashedAt - recovered.time} ms before the crash`);
  expect(recovered.payload).toMatchObject({ reason: 'recovered', recovered: true });
  expect(recovered.actor.id).toBe('ann');
  expect(recovered.time).toBeGreaterThan(opened);
  expect(recovered.time).toBeLessThanOrEqual(crashedAt);
  expect(recovered.time).toBeGreaterThanOrEqual(crashedAt - HEARTBEAT_MS - 200);
  expect(own.actor.id).toBe('bob');
  expect(own.time).toBeGreaterThanOrEqual(crashedAt + later);
  await context.close();
});

test('pointer moves and the wheel over a tab that does not count claim nothing; a press or a key does', async () => {
  const context = await rig.browser.newContext();
  const a = await openPage(context);
  const b = await openPage(context);
  const running = async (page: Page) =>
    page.evaluate(() => (window as unknown as PageWindow).capture.timeInTool().running);
  await at(b, 'open', 'img-B');
  await at(a, 'open', 'img-A'); // A claims the count; B yields
  await waitFor(async () => !(await running(b)), 2_000, 'B to yield');
  // The pointer passes over B (a window in the background gets these) and scrolls it.
  await activeFor(b, 1_000);
  await b.mouse.wheel(0, 200);
  await b.waitForTimeout(200);
  expect([await running(a), await running(b)]).toEqual([true, false]);
  const blurredB = await b.evaluate(() => (window as unknown as PageWindow).capture.timeInTool().buckets['blurred']!);
  expect(blurredB).toBeGreaterThanOrEqual(1_000);
  // A press in B claims the count; a key in A takes it back.
  await b.mouse.down();
  await b.mouse.up();
  await waitFor(async () => !(await running(a)), 2_000, 'A to yield to a press in B');
  expect(await running(b)).toBe(true);
  await a.keyboard.press('Shift');
  await waitFor(async () => !(await running(b)), 2_000, 'B to yield to a key in A');
  expect(await running(a)).toBe(true);
  await context.close();
});
