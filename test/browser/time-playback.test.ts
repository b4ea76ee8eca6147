import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startHarness, type Harness } from './harness.js';
import { videoRoute } from './videoRoute.js';

// Playback the user started is attention: counted until pause or end, for at most
// WATCHED_PLAYBACK_IDLE_FACTOR × idleMs without input (then idle), and a stall in it is stalled.
const BOUND_FACTOR = 3;
// Playhead sampling (100 ms) and the page's timers on a busy 2-core machine.
const TOLERANCE_MS = 250;

interface PageWindow {
  ready?: boolean;
  inputs: number[];
  errors: string[];
  refused: string[];
  events: { type: string; durationMs?: number; payload?: Record<string, number> }[];
  video: HTMLVideoElement;
  capture: { openItem(item: string): void; closeItem(): void };
}

let harness: Harness;
let browser: Browser;
beforeAll(async () => {
  harness = await startHarness();
  harness.route(videoRoute([]));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

async function openPage(query: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => !/WebSocket/.test(error.message) && console.error('page error:', error));
  await page.goto(`${harness.origin}/test/browser/pages/time-playback.html?${query}`);
  await page.waitForFunction(() => (window as unknown as PageWindow).ready === true, undefined, { timeout: 20_000 });
  return page;
}

/** Opens the item, then clicks play with real input; returns when each happened (performance.now()). */
async function openAndPlay(page: Page): Promise<{ opened: number; clicked: number }> {
  const opened = await page.evaluate(() => {
    (window as unknown as PageWindow).capture.openItem('clip-1');
    return performance.now();
  });
  await page.waitForTimeout(300);
  await page.mouse.click(100, 30);
  await page.waitForFunction(() => !(window as unknown as PageWindow).video.paused);
  const clicked = await page.evaluate(() => Math.max(...(window as unknown as PageWindow).inputs));
  return { opened, clicked };
}

async function closeItem(page: Page) {
  const closed = await page.evaluate(() => {
    (window as unknown as PageWindow).capture.closeItem();
    return performance.now();
  });
  const w = await page.evaluate(() => {
    const { events, errors, refused } = window as unknown as PageWindow;
    return { events, errors, refused };
  });
  expect(w.errors).toEqual([]);
  expect(w.refused).toEqual([]);
  const duration = w.events.find((e) => e.type === 'item.duration')!.payload!;
  return { closed, duration, events: w.events };
}

test('a video the user started counts as active, without input, up to 3 × idleMs; then idle', async () => {
  const idleMs = 1_000;
  const page = await openPage(`idle=${idleMs}`);
  const { opened, clicked } = await openAndPlay(page);
  const bound = clicked + BOUND_FACTOR * idleMs;
  // No input from here on; idle is found idleMs after the bound (and taken back to it).
  await page.waitForFunction((t) => performance.now() > t, bound + idleMs + 700);
  expect(await page.evaluate(() => (window as unknown as PageWindow).video.ended)).toBe(false);
  const { closed, duration } = await closeItem(page);
  console.info(
    `watched without input: counted ${duration.durationMs} ms (truth ${Math.round(bound - opened)}),` +
      ` idle ${duration.idleMs} ms (truth ${Math.round(closed - bound)})`,
  );
  expect(duration.stalledMs).toBe(0);
  expect(Math.abs(duration.activeMs! - (bound - opened))).toBeLessThanOrEqual(TOLERANCE_MS);
  expect(Math.abs(duration.idleMs! - (closed - bound))).toBeLessThanOrEqual(TOLERANCE_MS);
  await page.close();
});

test('a stall in a video the user started, past idleMs without input, is stalled time, not idle', async () => {
  const idleMs = 1_200;
  // Segment 2 is held back 800 ms: the playhead stalls about 2 s after play, past idleMs.
  const page = await openPage(`idle=${idleMs}&hold=2&delay=800`);
  const { opened, clicked } = await openAndPlay(page);
  await page.waitForFunction(
    () => (window as unknown as PageWindow).events.some((e) => e.type === 'video.buffering'),
    undefined,
    { timeout: 10_000 },
  );
  await page.waitForTimeout(200);
  const { closed, duration, events } = await closeItem(page);
  expect(closed).toBeLessThan(clicked + BOUND_FACTOR * idleMs);
  const stall = events.find((e) => e.type === 'video.buffering')!.durationMs!;
  console.info(
    `stall in watched playback: stalled ${duration.stalledMs} ms (buffering event ${stall} ms),` +
      ` counted ${duration.durationMs} of ${Math.round(closed - opened)} ms open, idle ${duration.idleMs} ms`,
  );
  expect(stall).toBeGreaterThan(500);
  expect(Math.abs(duration.stalledMs! - stall)).toBeLessThanOrEqual(TOLERANCE_MS);
  expect(duration.idleMs).toBe(0);
  expect(Math.abs(duration.durationMs! - (closed - opened))).toBeLessThanOrEqual(TOLERANCE_MS);
  await page.close();
});
