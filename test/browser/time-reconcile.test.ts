import { afterAll, beforeAll, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { StatsReport } from '../../src/collector/index.js';
import { createProfile, launchBrowser, waitFor } from './harness.js';
import { browserPid } from './engines/chromium.js';
import { startRig, TOKENS, type Rig, type Win } from './faults/support.js';
import { videoRoute } from './videoRoute.js';

// Scripted sessions of three annotators through the real collector, then /v1/stats against
// the script's own truth: ann-1 works in two tabs, ann-2 goes idle, hides the tab and reloads,
// ann-3 starts a video and watches it without input (active up to 3 × idleMs, a stall in it
// stalled, then idle), and loses the whole browser (SIGKILL) before a restart.
const IDLE_MS = 1_500;
// Playback the user started counts for at most this many idleMs without input (WATCHED_PLAYBACK_IDLE_FACTOR).
const PLAYBACK_BOUND_MS = 3 * IDLE_MS;
// Short, so that what a crash loses (at most one heartbeat) stays well under 1 % of a session.
const HEARTBEAT_MS = 50;
const PAGE = '/test/browser/pages/time-reconcile.html';
const BUCKETS = ['activeMs', 'stalledMs', 'idleMs', 'hiddenMs', 'blurredMs'] as const;
type Buckets = Record<(typeof BUCKETS)[number], number>;

interface Truth extends Buckets {
  /** Counted: active + stalled. */
  timeInToolMs: number;
  openMs: number;
}

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
  rig.harness.route(videoRoute([]));
});
afterAll(async () => {
  await rig?.close();
});

async function openPage(context: BrowserContext, actor: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${rig.origin}${PAGE}`);
  await page.waitForFunction(() => (window as Win).ready === true);
  await page.evaluate((o) => (window as Win).start(o), {
    actor,
    token: TOKENS.admin,
    idleMs: IDLE_MS,
    heartbeatMs: HEARTBEAT_MS,
  });
  return page;
}

/** Real mouse input every 100 ms for `ms` (or until `until` says so). */
async function activeFor(page: Page, ms: number, until?: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + ms;
  let x = 100;
  while (until ? !(await until()) : Date.now() < end) {
    x = x >= 700 ? 100 : x + 7;
    await page.mouse.move(x, 200);
    await page.waitForTimeout(100);
  }
}

/** A call on the page, and when it ran on the clock shared by the browser's pages. */
const call = (page: Page, fn: string, arg?: string): Promise<number> =>
  page.evaluate(
    ([f, a]) => {
      const w = window as Win;
      if (f === 'open') w.trail.openItem(a);
      else if (f === 'close') w.trail.closeItem();
      else if (f === 'hide') w.setHidden(true);
      else if (f === 'show') w.setHidden(false);
      return (w.shared as () => number)();
    },
    [fn, arg] as const,
  );
const inputs = (page: Page): Promise<number[]> => page.evaluate(() => (window as Win).inputs as number[]);
const flush = (page: Page) => page.evaluate(() => (window as Win).trail.flush({ timeoutMs: 30_000 }));
const noErrors = async (page: Page) => expect(await page.evaluate(() => (window as Win).errors)).toEqual([]);
const truth = (parts: Partial<Buckets>): Truth => {
  const b = { activeMs: 0, stalledMs: 0, idleMs: 0, hiddenMs: 0, blurredMs: 0, ...parts };
  return { ...b, timeInToolMs: b.activeMs + b.stalledMs, openMs: BUCKETS.reduce((s, k) => s + b[k], 0) };
};

/** ann-1: two tabs; A, then B (A pauses), then A again (B pauses). */
async function annotatorInTwoTabs(): Promise<Truth> {
  const browser = await launchBrowser();
  const context = await browser.newContext();
  const [a, b] = [await openPage(context, 'ann-1'), await openPage(context, 'ann-1')];
  const openedA = await call(a, 'open', 'a-1');
  await activeFor(a, 2_000);
  const openedB = await call(b, 'open', 'b-1');
  await activeFor(b, 2_000);
  // Back to A: a press there claims the count again (pointer moves alone claim nothing), and B
  // pauses from then on. Counted in all: A's open to A's close; B is blurred from A's return
  // to its own close.
  await a.mouse.click(100, 200);
  await activeFor(a, 1_500);
  const closedA = await call(a, 'close');
  const closedB = await call(b, 'close');
  for (const page of [a, b]) await flush(page);
  for (const page of [a, b]) await noErrors(page);
  await browser.close();
  return truth({ activeMs: closedA - openedA, blurredMs: closedB - openedB });
}

/** ann-2: active, idle, active, hidden, active, a reload that resumes the item, active. */
async function annotatorIdleHiddenReload(): Promise<Truth> {
  const browser = await launchBrowser();
  const context = await browser.newContext();
  let page = await openPage(context, 'ann-2');
  const opened = await call(page, 'open', 'c-1');
  await activeFor(page, 2_000);
  const idleFrom = await call(page, 'noop');
  await page.waitForTimeout(IDLE_MS + 1_500);
  const idleTo = await call(page, 'noop');
  await activeFor(page, 1_000);
  const hiddenAt = await call(page, 'hide');
  await page.waitForTimeout(2_000);
  const shownAt = await call(page, 'show');
  await activeFor(page, 1_000);
  const seen = await inputs(page);
  const lastBeforeIdle = Math.max(...seen.filter((t) => t < idleFrom));
  const firstAfterIdle = Math.min(...seen.filter((t) => t > idleTo));
  const reloadAt = await call(page, 'noop');
  await page.reload();
  await page.waitForFunction(() => (window as Win).ready === true);
  page = await setUp(page, 'ann-2');
  const reopened = await call(page, 'open', 'c-1');
  await activeFor(page, 1_500);
  const closed = await call(page, 'close');
  await flush(page);
  await noErrors(page);
  await browser.close();
  const idleMs = firstAfterIdle - lastBeforeIdle;
  const hiddenMs = shownAt - hiddenAt;
  return truth({ activeMs: reloadAt - opened - idleMs - hiddenMs + (closed - reopened), idleMs, hiddenMs });
}

async function setUp(page: Page, actor: string): Promise<Page> {
  const opts = { actor, token: TOKENS.admin, idleMs: IDLE_MS, heartbeatMs: HEARTBEAT_MS };
  await page.evaluate((o) => (window as Win).start(o), opts);
  return page;
}

/**
 * ann-3: clicks play and watches without input; the video stalls on a held-back segment (within
 * the playback bound) and plays on past it (idle), then input again, and the browser is killed;
 * a restart.
 */
async function annotatorVideoCrash(): Promise<Truth & { stallTruthMs: number }> {
  const profile = createProfile();
  let context = await profile.open();
  try {
    const page = await openPage(context, 'ann-3');
    await page.evaluate(() => (window as Win).startVideo({ hold: 2, delay: 1_500 }));
    const opened = await call(page, 'open', 'v-1');
    await activeFor(page, 500);
    await page.mouse.click(100, 20);
    const clicked = Math.max(...(await inputs(page)));
    await page.waitForFunction(() => (window as Win).video.ended as boolean, undefined, { timeout: 30_000 });
    const endedAt = await call(page, 'noop');
    await activeFor(page, 500);
    const resumed = Math.min(...(await inputs(page)).filter((t) => t > endedAt));
    const { held, appended } = await page.evaluate(() => ({
      held: (window as Win).heldRequestedAt as number,
      appended: (window as Win).heldAppendedAt as number,
    }));
    await page.evaluate(() => (window as Win).trail.flush({ timeoutMs: 10_000 }));
    const killedAt = await call(page, 'noop');
    process.kill(browserPid(profile.dir)!, 'SIGKILL');
    await waitFor(() => browserPid(profile.dir) === undefined, 10_000, 'the browser to die');
    await context.close().catch(() => undefined);
    context = await profile.open();
    const again = await openPage(context, 'ann-3');
    const reopened = await call(again, 'open', 'v-2');
    await activeFor(again, 1_000);
    const closed = await call(again, 'close');
    await flush(again);
    await noErrors(again);
    const stallTruthMs = appended - held;
    // Watched without input up to the bound, idle from there until the next input.
    expect(appended).toBeLessThan(clicked + PLAYBACK_BOUND_MS);
    const idleMs = resumed - (clicked + PLAYBACK_BOUND_MS);
    const activeMs = killedAt - opened - stallTruthMs - idleMs + (closed - reopened);
    return { ...truth({ activeMs, stalledMs: stallTruthMs, idleMs }), stallTruthMs };
  } finally {
    await context.close().catch(() => undefined);
    profile.remove();
  }
}

test('three annotators: /v1/stats agrees with the scripted truth within 1 %', async () => {
  const truths: Record<string, Truth> = {
    'ann-1': await annotatorInTwoTabs(),
    'ann-2': await annotatorIdleHiddenReload(),
    'ann-3': await annotatorVideoCrash(),
  };
  const response = await fetch(`${rig.origin}/v1/stats`, { headers: { authorization: `Bearer ${TOKENS.admin}` } });
  const stats = (await response.json()) as StatsReport;
  const overallTruth = truth(
    Object.fromEntries(BUCKETS.map((b) => [b, Object.values(truths).reduce((s, t) => s + t[b], 0)])) as Buckets,
  );
  const rows = [
    ...Object.entries(truths).map(([actor, t]) => [actor, t, stats.users.find((u) => u.actor === actor)!] as const),
    ['overall', overallTruth, stats.overall] as const,
  ];
  for (const [who, t, got] of rows) {
    expect(got, who).toBeDefined();
    const errorPct = (Math.abs(got.timeInToolMs - t.timeInToolMs) / t.timeInToolMs) * 100;
    const off = Object.fromEntries(BUCKETS.map((b) => [b, Math.round(got.breakdown[b] - t[b])]));
    console.info(
      `${who}: time in tool ${got.timeInToolMs} ms, truth ${Math.round(t.timeInToolMs)} ms` +
        ` (${errorPct.toFixed(2)} %);` +
        ` buckets − truth, ms: ${JSON.stringify(off)} of ${Math.round(t.openMs)} ms open`,
    );
    expect(errorPct, `${who} time in tool`).toBeLessThanOrEqual(1);
    for (const b of BUCKETS)
      expect(Math.abs(got.breakdown[b] - t[b]), `${who} ${b}`).toBeLessThanOrEqual(t.openMs / 100);
  }
  // One item.duration per tab and item, the crashed one recovered once.
  const logs = await fetch(`${rig.origin}/v1/logs?start=0&end=${Date.now() + 1000}&type=item.duration&limit=100`, {
    headers: { authorization: `Bearer ${TOKENS.admin}` },
  });
  const { events } = (await logs.json()) as { events: { context: { item?: string }; payload: { reason: string } }[] };
  const byItem = events.map((e) => `${e.context.item}:${e.payload.reason}`).sort();
  expect(byItem).toEqual(['a-1:closed', 'b-1:closed', 'c-1:closed', 'v-1:recovered', 'v-2:closed']);
});
