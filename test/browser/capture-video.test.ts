import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startHarness, waitFor, type Harness } from './harness.js';
import { videoRoute, type VideoRequest } from './videoRoute.js';

const FPS = 25;
const HELD_SEGMENT = 3;
const INJECTED_DELAY_MS = 1_500;
const TOLERANCE_MS = 200;

interface PageEvent {
  type: string;
  durationMs?: number;
  context: { frame?: number };
  payload?: Record<string, number | string | boolean>;
}

let harness: Harness;
let browser: Browser;
const requests: VideoRequest[] = [];

beforeAll(async () => {
  harness = await startHarness();
  harness.route(videoRoute(requests));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

async function open(query: string): Promise<Page> {
  const page = await browser.newPage();
  // The Vite client's HMR socket is off in the harness; its complaint is not ours.
  page.on('pageerror', (error) => !/WebSocket/.test(error.message) && console.error('page error:', error));
  await page.goto(`${harness.origin}/test/browser/pages/capture-video.html${query}`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true, undefined, {
    timeout: 20_000,
  });
  return page;
}

const events = (page: Page) => page.evaluate(() => (window as unknown as { events: PageEvent[] }).events);

test('a segment held back by a known delay produces one buffering event of that duration', async () => {
  const page = await open(`?hold=${HELD_SEGMENT}&delay=${INJECTED_DELAY_MS}`);
  await page.evaluate(() => (window as unknown as { video: HTMLVideoElement }).video.play());
  await page.waitForFunction(() => (window as unknown as { video: HTMLVideoElement }).video.ended, undefined, {
    timeout: 30_000,
  });
  const all = await events(page);
  const buffering = all.filter((e) => e.type === 'video.buffering');
  const held = requests.find((r) => r.name === `seg${HELD_SEGMENT}.m4s` && r.delayMs === INJECTED_DELAY_MS);
  console.info(
    `buffering measured ${buffering.map((e) => e.durationMs).join(', ')} ms for an injected delay of ` +
      `${INJECTED_DELAY_MS} ms` +
      ` (server held the response ${held?.answeredAt !== undefined ? held.answeredAt - held.arrivedAt : '?'} ms)`,
  );
  expect(buffering).toHaveLength(1);
  expect(Math.abs(buffering[0]!.durationMs! - INJECTED_DELAY_MS)).toBeLessThanOrEqual(TOLERANCE_MS);
  // The stall starts at the end of the last segment before the held one.
  const startFrame = buffering[0]!.payload!.startFrame as number;
  expect(startFrame).toBeGreaterThanOrEqual(HELD_SEGMENT * FPS - 2);
  expect(startFrame).toBeLessThanOrEqual(HELD_SEGMENT * FPS);
  expect(all.filter((e) => e.type === 'video.startup')).toHaveLength(1);
  expect(all.filter((e) => e.type === 'video.seeking')).toHaveLength(0);
  expect(await page.evaluate(() => (window as unknown as { refused: string[] }).refused)).toEqual([]);
  await page.close();
});

test('seeks report from and to frames, and never buffering', async () => {
  const page = await open('');
  const seek = async (seconds: number) => {
    await page.evaluate((t) => {
      const video = (window as unknown as { video: HTMLVideoElement }).video;
      video.currentTime = t;
    }, seconds);
  };
  const seekCount = async () => (await events(page)).filter((e) => e.type === 'video.seeking').length;

  // Paused: show frame 30, then seek to frame 125 (5.0 s).
  await seek(1.2);
  await waitFor(async () => (await seekCount()) === 1, 10_000, 'first seek');
  await seek(5.0);
  await waitFor(async () => (await seekCount()) === 2, 10_000, 'second seek');

  // Playing: seek backwards to 2.0 s (frame 50) while the video runs.
  await page.evaluate(() => (window as unknown as { video: HTMLVideoElement }).video.play());
  await page.waitForTimeout(700);
  const before = await page.evaluate(() => (window as unknown as { video: HTMLVideoElement }).video.currentTime);
  await seek(2.0);
  await waitFor(async () => (await seekCount()) === 3, 10_000, 'third seek');
  await page.waitForTimeout(1_000);

  const all = await events(page);
  const seeks = all.filter((e) => e.type === 'video.seeking').map((e) => e.payload!);
  console.info('seeks:', JSON.stringify(seeks));
  expect(seeks[0]).toMatchObject({ fromFrame: 0, toFrame: 30 });
  expect(seeks[1]).toMatchObject({ fromFrame: 30, toFrame: 125 });
  expect(seeks[2]).toMatchObject({ toFrame: 50 });
  // Playing from 5.0 s: the from frame is where the playhead was when the seek began.
  const fromFrame = seeks[2]!.fromFrame as number;
  expect(fromFrame).toBeGreaterThanOrEqual(Math.floor(before * FPS) - 1);
  expect(fromFrame).toBeLessThanOrEqual(Math.floor(before * FPS) + 5);
  for (const s of seeks) {
    expect(s.durationMs as number).toBeGreaterThanOrEqual(0);
    expect(s.durationMs as number).toBeLessThan(1_000);
  }
  expect(all.filter((e) => e.type === 'video.buffering')).toHaveLength(0);
  expect(await page.evaluate(() => (window as unknown as { refused: string[] }).refused)).toEqual([]);
  await page.close();
});

test('with hls.js, a rendered switch to the lower rendition is one bitrate warning with both bitrates', async () => {
  const page = await browser.newPage();
  page.on('pageerror', (error) => !/WebSocket/.test(error.message) && console.error('page error:', error));
  await page.goto(`${harness.origin}/test/browser/pages/capture-hls.html`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true, undefined, {
    timeout: 20_000,
  });
  await page.evaluate(() => (window as unknown as { video: HTMLVideoElement }).video.play());
  await page.waitForFunction(
    () => (window as unknown as { video: HTMLVideoElement }).video.currentTime > 1.2,
    undefined,
    { timeout: 15_000 },
  );
  await page.evaluate(() => {
    (window as unknown as { hls: { currentLevel: number } }).hls.currentLevel = 0;
  });
  await page.waitForFunction(() => (window as unknown as { switched: number[] }).switched.includes(0), undefined, {
    timeout: 15_000,
  });
  await page.waitForTimeout(500);
  const all = await events(page);
  const warnings = all.filter((e) => e.type === 'video.bitrate_warning');
  console.info('bitrate warnings:', JSON.stringify(warnings.map((e) => e.payload)));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]!.payload).toMatchObject({
    reason: 'downswitch',
    level: 0,
    fromBitrate: 240_000,
    bitrate: 80_000,
    height: 90,
  });
  expect(await page.evaluate(() => (window as unknown as { refused: string[] }).refused)).toEqual([]);
  await page.close();
});

test('a seek into unbuffered media waits for the delayed segment: one seek with that wait, no buffering', async () => {
  const delay = 800;
  const page = await open(`?lazy=5&delay=${delay}`);
  await page.evaluate(() => (window as unknown as { video: HTMLVideoElement }).video.play());
  await page.waitForFunction(
    () => (window as unknown as { video: HTMLVideoElement }).video.currentTime > 1.5,
    undefined,
    { timeout: 15_000 },
  );
  await page.evaluate(() => {
    (window as unknown as { video: HTMLVideoElement }).video.currentTime = 6.0;
  });
  await page.waitForFunction(
    () => (window as unknown as { video: HTMLVideoElement }).video.currentTime > 6.5,
    undefined,
    { timeout: 15_000 },
  );
  await page.waitForTimeout(1_500);
  const all = await events(page);
  const seeks = all.filter((e) => e.type === 'video.seeking');
  console.info(
    `seek into unbuffered media (segment delayed ${delay} ms):`,
    JSON.stringify(seeks.map((e) => e.payload)),
  );
  expect(seeks).toHaveLength(1);
  expect(seeks[0]!.payload).toMatchObject({ toFrame: 150 });
  expect(seeks[0]!.payload!.fromFrame as number).toBeGreaterThanOrEqual(37);
  // The overlay lasted as long as the segment took to arrive, and the wait is the seek's.
  expect(Math.abs((seeks[0]!.payload!.durationMs as number) - delay)).toBeLessThanOrEqual(TOLERANCE_MS);
  expect(all.filter((e) => e.type === 'video.buffering')).toHaveLength(0);
  expect(await page.evaluate(() => (window as unknown as { refused: string[] }).refused)).toEqual([]);
  await page.close();
});
