// Time in tool in each engine, against a scripted truth taken from the page's own focus and
// visibility events: a hidden page is hidden the way its engine can hide it (another tab in
// front in Firefox, a minimized window in WebKit); headless Chromium keeps a page behind
// another visible, so there the page's visibility is set by script (capture-time.test.ts).
import { afterAll, beforeAll, expect } from 'vitest';
import type { EngineContext, EnginePage } from './engine.js';
import { beyondChromium, ENGINE, lacks, leftOut, useEngine } from './useEngine.js';
import { startHarness, type Harness } from '../harness.js';
import { activeFor } from '../activeFor.js';

// Chromium runs these cases in capture-time.test.ts and time-tabs.test.ts already.
const IN_CHROMIUM = 'capture-time.test.ts and time-tabs.test.ts run this case in Chromium';
const IDLE_MS = 1_000;
const HEARTBEAT_MS = 500;

interface Duration {
  type: string;
  durationMs?: number;
  context: { item?: string };
  payload?: Record<string, number | string | boolean>;
}
interface PageWindow {
  ready?: boolean;
  inputs: number[];
  events: Duration[];
  refused: string[];
  capture: { openItem(item: string): void; closeItem(): void };
  setHidden(hidden: boolean): number;
  focusChanges: [string, number][];
}

const browsers = useEngine();
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

async function openPage(context: EngineContext, idleMs = IDLE_MS): Promise<EnginePage> {
  const page = await context.newPage();
  // Where the engine cannot hide a page, the page's visibility is set by script.
  const visibility = lacks('hide') ? 'script' : 'real';
  await page.goto(
    `${harness.origin}/test/browser/pages/capture-time.html?idle=${idleMs}&heartbeat=${HEARTBEAT_MS}` +
      `&visibility=${visibility}`,
  );
  await page.waitForFunction(() => (window as unknown as PageWindow).ready === true);
  return page;
}

const now = (page: EnginePage) => page.evaluate(() => performance.now());

/** The span the page was away (blurred or hidden, as its engine reported) between `from` and `to`. */
async function awaySpan(page: EnginePage, from: number, to: number): Promise<[number, number]> {
  const changes = await page.evaluate(() => (window as unknown as PageWindow).focusChanges);
  const inside = changes.filter(([, at]) => at > from && at < to);
  const left = inside.find(([kind]) => kind === 'blur' || kind === 'hidden');
  const back = inside.filter(([kind]) => kind === 'focus' || kind === 'visible').at(-1);
  console.info(`${ENGINE}: changes ${JSON.stringify(inside.map(([k, at]) => [k, Math.round(at - from)]))}`);
  expect(left, 'the page reported leaving').toBeDefined();
  expect(back, 'the page reported coming back').toBeDefined();
  return [left![1], back![1]];
}

/** When the page first reported losing focus or going hidden after `from`. */
async function leftAt(page: EnginePage, from: number): Promise<number> {
  const changes = await page.evaluate(() => (window as unknown as PageWindow).focusChanges);
  const left = changes.find(([kind, at]) => at > from && (kind === 'blur' || kind === 'hidden'));
  expect(left, 'the page reported leaving').toBeDefined();
  return left![1];
}

/** Hides the page for `ms` the way the engine can; where it cannot, the page's visibility is set by script. */
async function hiddenFor(page: EnginePage, ms: number): Promise<void> {
  if (lacks('hide')) {
    await page.evaluate(() => (window as unknown as PageWindow).setHidden(true));
    await page.waitForTimeout(ms);
    await page.evaluate(() => (window as unknown as PageWindow).setHidden(false));
    return;
  }
  await page.hide();
  await page.waitForFunction(() => document.visibilityState === 'hidden', undefined, { timeout: 5_000 });
  await page.waitForTimeout(ms);
  await page.bringToFront();
  await page.waitForFunction(() => document.visibilityState === 'visible' && document.hasFocus(), undefined, {
    timeout: 5_000,
  });
}

/**
 * Another page opens in front of `page` for `ms`, then closes: in every engine the page loses
 * focus (a new tab in Firefox also hides it). WebKit moves focus only to a window that opens or
 * to the one left when another closes, never to an existing window the driver switches to.
 */
async function inFrontFor(context: EngineContext, page: EnginePage, ms: number): Promise<void> {
  const front = await context.newPage();
  await front.bringToFront();
  await page.waitForTimeout(ms);
  await front.close();
  await page.bringToFront();
  await page.waitForFunction(() => document.hasFocus(), undefined, { timeout: 5_000 });
}

beyondChromium(
  `${ENGINE}: a scripted session (active, idle, hidden, another tab in front): time in tool within 1 %${leftOut(
    'hide',
    "the page's visibility is set by script",
  )}`,
  IN_CHROMIUM,
  async () => {
    const context = await browsers.engine.newContext();
    try {
      const page = await openPage(context);
      const opened = await page.evaluate(() => {
        (window as unknown as PageWindow).capture.openItem('img-1');
        return performance.now();
      });
      await activeFor(page, 2_000);
      const idleFrom = await now(page);
      await page.waitForTimeout(2_500);
      const idleTo = await now(page);
      await activeFor(page, 1_500);
      const hideFrom = await now(page);
      await hiddenFor(page, 2_000);
      const hideTo = await now(page);
      await activeFor(page, 1_500);
      const blurFrom = await now(page);
      await inFrontFor(context, page, 2_000);
      const blurTo = await now(page);
      await activeFor(page, 1_500);
      const closed = await page.evaluate(() => {
        (window as unknown as PageWindow).capture.closeItem();
        return performance.now();
      });

      const inputs = await page.evaluate(() => (window as unknown as PageWindow).inputs);
      const lastBeforeIdle = Math.max(...inputs.filter((t) => t >= opened && t <= idleFrom));
      const firstAfterIdle = Math.min(...inputs.filter((t) => t >= idleTo && t <= hideFrom));
      const [hiddenAt, shownAt] = await awaySpan(page, hideFrom, hideTo);
      const [blurredAt, focusedAt] = await awaySpan(page, blurFrom, blurTo);
      // The truth from the page's own record: open time less the time away (hidden or blurred, as
      // the engine reported it) and less every pause in input longer than the idle period while
      // in front, from its last input (input can stall a moment after a window is restored).
      const away: [number, number][] = [
        [hiddenAt, shownAt],
        [blurredAt, focusedAt],
      ];
      const marks = [opened, ...inputs.filter((t) => t >= opened && t <= closed), closed];
      const idleGaps = marks
        .slice(1)
        .map((t, i) => [marks[i]!, t] as const)
        .filter(([from, to]) => to - from > IDLE_MS && !away.some(([a, b]) => from < b && to > a));
      const idle = idleGaps.reduce((sum, [from, to]) => sum + (to - from), 0);
      const awayMs = away.reduce((sum, [a, b]) => sum + (b - a), 0);
      const truth = closed - opened - awayMs - idle;
      expect(idleGaps, 'the scripted pause is idle').toContainEqual([lastBeforeIdle, firstAfterIdle]);
      const durations = (await page.evaluate(() => (window as unknown as PageWindow).events)).filter(
        (e) => e.type === 'item.duration',
      );
      expect(durations).toHaveLength(1);
      const measured = durations[0]!.durationMs!;
      const p = durations[0]!.payload as Record<string, number>;
      const errorPct = (Math.abs(measured - truth) / truth) * 100;
      console.info(
        `${ENGINE} time in tool: measured ${measured} ms, truth ${Math.round(truth)} ms, ` +
          `error ${errorPct.toFixed(2)} %;` +
          ` buckets ${JSON.stringify(p)}`,
      );
      expect(errorPct).toBeLessThanOrEqual(1);
      // The time away (hidden or blurred, whichever the engine reported first) and the idle gap.
      const open = closed - opened;
      expect(Math.abs(p['hiddenMs']! + p['blurredMs']! - awayMs)).toBeLessThanOrEqual(open / 100);
      expect(Math.abs(p['idleMs']! - idle)).toBeLessThanOrEqual(open / 100);
      if (!lacks('hide')) expect(p['hiddenMs']).toBeGreaterThan(1_500);
      expect(await page.evaluate(() => (window as unknown as PageWindow).refused)).toEqual([]);
    } finally {
      await context.close();
    }
  },
);

const BUCKETS = ['activeMs', 'stalledMs', 'idleMs', 'hiddenMs', 'blurredMs'] as const;

/** Opens or closes the item on `page`; returns when, on the page's clock and on the test's. */
async function at(page: EnginePage, call: 'open' | 'close', item = '') {
  const before = performance.now();
  const onPage = await page.evaluate(
    ([what, id]) => {
      const w = window as unknown as PageWindow;
      if (what === 'open') w.capture.openItem(id!);
      else w.capture.closeItem();
      return performance.now();
    },
    [call, item] as const,
  );
  return { onPage, before, after: performance.now() };
}

/** One annotator, two tabs of one browser: A works on `itemA`, then B (brought in front) on `itemB`. */
async function twoTabs(itemA: string, itemB: string) {
  const context = await browsers.engine.newContext();
  try {
    // An idle period longer than each stretch: only focus and visibility stop a count here.
    // B opens when the annotator turns to it: a page that opens comes in front in every engine.
    const a = await openPage(context, 5_000);
    const openedA = await at(a, 'open', itemA);
    await activeFor(a, 1_500);
    const leftA = await now(a);
    const b = await openPage(context, 5_000);
    await b.bringToFront();
    await at(b, 'open', itemB);
    await activeFor(b, 1_500);
    await at(a, 'close');
    const closedB = await at(b, 'close');
    const awayFrom = await leftAt(a, leftA);
    const durations = async (page: EnginePage) =>
      (await page.evaluate(() => (window as unknown as PageWindow).events)).filter((e) => e.type === 'item.duration');
    const [fromA, fromB] = [await durations(a), await durations(b)];
    for (const page of [a, b]) expect(await page.evaluate(() => (window as unknown as PageWindow).refused)).toEqual([]);
    return { fromA, fromB, stretchA: awayFrom - openedA.onPage, wall: closedB.after - openedA.before };
  } finally {
    await context.close();
  }
}

function expectDisjointBuckets(event: Duration): void {
  const p = event.payload!;
  expect(BUCKETS.reduce((total, bucket) => total + (p[bucket] as number), 0)).toBe(p['openMs']);
  expect(p['durationMs']).toBe((p['activeMs'] as number) + (p['stalledMs'] as number));
}

beyondChromium(
  `${ENGINE}: two tabs, different items: each counts until the other is in front; at most wall-clock`,
  IN_CHROMIUM,
  async () => {
    const { fromA, fromB, stretchA, wall } = await twoTabs('img-A', 'img-B');
    expect(fromA.map((e) => [e.context.item, e.payload!['reason']])).toEqual([['img-A', 'closed']]);
    expect(fromB.map((e) => [e.context.item, e.payload!['reason']])).toEqual([['img-B', 'closed']]);
    [fromA[0]!, fromB[0]!].forEach(expectDisjointBuckets);
    const counted = fromA[0]!.durationMs! + fromB[0]!.durationMs!;
    const errorPct = (Math.abs(fromA[0]!.durationMs! - stretchA) / stretchA) * 100;
    console.info(
      `${ENGINE} two tabs: A ${fromA[0]!.durationMs} ms against its stretch ${Math.round(stretchA)} ms ` +
        `(${errorPct.toFixed(2)} %), B ${fromB[0]!.durationMs} ms; ${counted} ms of ${Math.round(wall)} ms wall clock`,
    );
    expect(counted).toBeLessThanOrEqual(wall);
    expect(errorPct).toBeLessThanOrEqual(1);
    expect(fromB[0]!.durationMs!).toBeGreaterThanOrEqual(1_400);
  },
);

beyondChromium(
  `${ENGINE}: two tabs with the same item: each counts its own stretch; none resumes the other’s`,
  IN_CHROMIUM,
  async () => {
    const { fromA, fromB, wall } = await twoTabs('img-A', 'img-A');
    expect(fromA.map((e) => e.payload!['reason'])).toEqual(['closed']);
    expect(fromB.map((e) => e.payload!['reason'])).toEqual(['closed']);
    expect(fromB[0]!.payload!['resumedMs']).toBeUndefined();
    [fromA[0]!, fromB[0]!].forEach(expectDisjointBuckets);
    expect(fromA[0]!.durationMs! + fromB[0]!.durationMs!).toBeLessThanOrEqual(wall);
    expect(fromB[0]!.durationMs!).toBeGreaterThanOrEqual(1_400);
  },
);
