import { expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { useHarnessAndBrowser, waitFor } from './harness.js';
import { activeFor } from './activeFor.js';

const IDLE_MS = 1_000;
const HEARTBEAT_MS = 500;
const INPUT_EVERY_MS = 100;

interface PageWindow {
  ready?: boolean;
  inputs: number[];
  events: { type: string; durationMs?: number; context: { item?: string }; payload?: Record<string, unknown> }[];
  refused: string[];
  capture: { openItem(item: string): void; closeItem(): void; timeInTool(): { countedMs: number; idle: boolean } };
  setHidden(hidden: boolean): number;
  focusChanges: [string, number][];
}

const rig = useHarnessAndBrowser();

async function openPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(
    `${rig.harness.origin}/test/browser/pages/capture-time.html?idle=${IDLE_MS}&heartbeat=${HEARTBEAT_MS}`,
  );
  await page.waitForFunction(() => (window as unknown as PageWindow).ready === true);
  return page;
}

const now = (page: Page) => page.evaluate(() => performance.now());
const inputsBetween = (page: Page, from: number, to: number) =>
  page.evaluate(([a, b]) => (window as unknown as PageWindow).inputs.filter((t) => t >= a! && t <= b!), [from, to]);

test('a scripted session (active, idle, hidden, unfocused, drag): time in tool, buckets within 1 %', async () => {
  const context = await rig.browser.newContext();
  const page = await openPage(context);
  const other = await context.newPage();
  // Real focus changes: with focus emulation off, bringing another tab to the front blurs this one.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
  await page.bringToFront();

  const opened = await page.evaluate(() => {
    (window as unknown as PageWindow).capture.openItem('img-1');
    return performance.now();
  });
  // 1. Active 2.5 s.
  await activeFor(page, 2_500);
  const idleFrom = await now(page);
  // 2. Idle 2.5 s (longer than the idle period): none of it may count.
  await page.waitForTimeout(2_500);
  const idleTo = await now(page);
  // 3. Active 2 s, then the tab is hidden for 2 s.
  await activeFor(page, 2_000);
  const hiddenAt = await page.evaluate(() => (window as unknown as PageWindow).setHidden(true));
  await page.waitForTimeout(2_000);
  const visibleAt = await page.evaluate(() => (window as unknown as PageWindow).setHidden(false));
  // 4. Active 1.5 s, then the window loses focus for 2 s (another tab in front).
  await activeFor(page, 1_500);
  await other.bringToFront();
  await page.waitForTimeout(2_000);
  await page.bringToFront();
  await page.waitForTimeout(50);
  // When the window really lost and regained focus, as the page saw it.
  const changes = await page.evaluate(() => (window as unknown as PageWindow).focusChanges);
  const blurredAt = changes.filter(([kind, at]) => kind === 'blur' && at > visibleAt).at(-1)![1];
  const focusedAt = changes.find(([kind, at]) => kind === 'focus' && at > blurredAt)![1];
  console.info('focus changes after the hidden period:', JSON.stringify(changes.filter(([, at]) => at > visibleAt)));
  expect(focusedAt - blurredAt).toBeGreaterThan(1_900);
  // 5. Active 1.5 s, then a drag (pressed, moving) longer than the idle period, which is work
  // and must count; release and close.
  await activeFor(page, 1_500);
  await page.mouse.down();
  await activeFor(page, IDLE_MS * 2);
  await page.mouse.up();
  const closed = await page.evaluate(() => {
    (window as unknown as PageWindow).capture.closeItem();
    return performance.now();
  });

  const idleInputs = await inputsBetween(page, idleFrom, idleTo);
  expect(idleInputs).toEqual([]);
  const lastBeforeIdle = Math.max(...(await inputsBetween(page, opened, idleFrom)));
  const firstAfterIdle = Math.min(...(await inputsBetween(page, idleTo, hiddenAt)));
  // Ground truth from the script: counted are the active stretches (a pause shorter than the
  // idle period is viewing time); the idle gap after the last input, the hidden period and the
  // unfocused period are not.
  const truth = lastBeforeIdle - opened + (hiddenAt - firstAfterIdle) + (blurredAt - visibleAt) + (closed - focusedAt);
  const events = await page.evaluate(() => (window as unknown as PageWindow).events);
  const durations = events.filter((e) => e.type === 'item.duration');
  expect(durations).toHaveLength(1);
  const measured = durations[0]!.durationMs!;
  const errorPct = (Math.abs(measured - truth) / truth) * 100;
  const wall = closed - opened;
  console.info(
    `time in tool: measured ${measured} ms, scripted truth ${Math.round(truth)} ms,` +
      ` error ${errorPct.toFixed(2)} % (wall ${Math.round(wall)} ms)`,
  );
  expect(errorPct).toBeLessThanOrEqual(1);
  expect(measured).toBeLessThan(wall - 5_000);
  // Every second accounted for: the buckets against the script, each within 1 % of the open time.
  const p = durations[0]!.payload as Record<string, number>;
  const truths = {
    idleMs: firstAfterIdle - lastBeforeIdle,
    hiddenMs: visibleAt - hiddenAt,
    blurredMs: focusedAt - blurredAt,
    stalledMs: 0,
    openMs: closed - opened,
  };
  const off = Object.fromEntries(Object.entries(truths).map(([k, truthMs]) => [k, Math.round(p[k]! - truthMs)]));
  console.info(`buckets: ${JSON.stringify(p)}; measured − scripted, ms: ${JSON.stringify(off)}`);
  for (const [bucket, truthMs] of Object.entries(truths)) {
    expect(Math.abs(p[bucket]! - truthMs)).toBeLessThanOrEqual((closed - opened) / 100);
  }
  expect(p['activeMs']! + p['stalledMs']! + p['idleMs']! + p['hiddenMs']! + p['blurredMs']!).toBe(p['openMs']);
  expect(await page.evaluate(() => (window as unknown as PageWindow).refused)).toEqual([]);
  await context.close();
});

test('a press whose release never arrives, held still past the idle period, is idle time', async () => {
  const context = await rig.browser.newContext();
  const page = await openPage(context);
  const opened = await page.evaluate(() => {
    (window as unknown as PageWindow).capture.openItem('img-held');
    return performance.now();
  });
  await activeFor(page, 1_000);
  // The pointerup goes elsewhere (another window, a context menu, an iframe): never sent here.
  await page.mouse.down();
  await page.waitForTimeout(IDLE_MS * 2.5);
  const closed = await page.evaluate(() => {
    const w = window as unknown as PageWindow;
    const idle = w.capture.timeInTool().idle;
    w.capture.closeItem();
    return { idle, at: performance.now() };
  });
  const pressedAt = Math.max(...(await inputsBetween(page, opened, closed.at)));
  const duration = (await page.evaluate(() => (window as unknown as PageWindow).events)).find(
    (e) => e.type === 'item.duration',
  )!;
  const p = duration.payload as Record<string, number>;
  console.info(`held press: ${JSON.stringify(p)}; pressed ${Math.round(pressedAt - opened)} ms after open`);
  expect(closed.idle).toBe(true);
  // Counted up to the press; idle from the press to the close.
  expect(Math.abs(duration.durationMs! - (pressedAt - opened))).toBeLessThanOrEqual(50);
  expect(Math.abs(p['idleMs']! - (closed.at - pressedAt))).toBeLessThanOrEqual(50);
  await context.close();
});

test('time goes on across a reload; after a renderer crash the next page recovers it, less a heartbeat', async () => {
  const context = await rig.browser.newContext();
  let page = await openPage(context);
  await page.evaluate(() => (window as unknown as PageWindow).capture.openItem('img-2'));
  await activeFor(page, 1_500);
  const beforeReload = await page.evaluate(() => (window as unknown as PageWindow).capture.timeInTool().countedMs);
  await page.reload();
  await page.waitForFunction(() => (window as unknown as PageWindow).ready === true);
  await page.evaluate(() => (window as unknown as PageWindow).capture.openItem('img-2'));
  const resumed = await page.evaluate(
    () => (window as unknown as PageWindow).events.find((e) => e.type === 'item.opened')!.payload!.resumedMs as number,
  );
  console.info(`reload: counted ${Math.round(beforeReload)} ms before, resumed from ${resumed} ms`);
  expect(resumed).toBeGreaterThanOrEqual(beforeReload - HEARTBEAT_MS);
  expect(resumed).toBeLessThanOrEqual(beforeReload + 300);

  await activeFor(page, 1_500);
  const beforeCrash = await page.evaluate(() => (window as unknown as PageWindow).capture.timeInTool().countedMs);
  const cdp = await context.newCDPSession(page);
  const crashed = new Promise((resolve) => page.once('crash', resolve));
  // Page.crash never answers: the renderer is gone before it can.
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;
  void page.close().catch(() => undefined);
  // The next page is another tab: it does not resume the crashed tab's count, it reports it.
  page = await openPage(context);
  const events = () => page.evaluate(() => (window as unknown as PageWindow).events);
  await waitFor(async () => (await events()).some((e) => e.type === 'item.duration'), 5_000, 'the recovered totals');
  await page.evaluate(() => (window as unknown as PageWindow).capture.openItem('img-2'));
  const recovered = (await events()).find((e) => e.type === 'item.duration')!;
  expect(recovered.payload).toMatchObject({ reason: 'recovered', recovered: true });
  // The crashed page resumed its reload's count: what it had counted in total is recovered.
  const afterCrash = recovered.durationMs!;
  console.info(`crash: counted ${Math.round(beforeCrash)} ms before, recovered ${afterCrash} ms`);
  expect(beforeCrash - afterCrash).toBeLessThanOrEqual(HEARTBEAT_MS + INPUT_EVERY_MS);
  expect(afterCrash).toBeLessThanOrEqual(beforeCrash + 1);
  expect((await events()).find((e) => e.type === 'item.opened')!.payload).toEqual({});
  await activeFor(page, 500);
  await page.evaluate(() => (window as unknown as PageWindow).capture.closeItem());
  const final = (await events()).filter((e) => e.type === 'item.duration');
  expect(final.map((e) => e.payload!['reason'])).toEqual(['recovered', 'closed']);
  expect(final[1]!.durationMs).toBeGreaterThanOrEqual(400);
  await context.close();
});
