import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startHarness, type Harness } from './harness.js';
import { videoRoute, type VideoRequest } from './videoRoute.js';

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

// The buffering and seek tests on the plain clip run in every engine: engines/video.test.ts.

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
