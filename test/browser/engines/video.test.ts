// The video watcher in each engine's own media stack (MSE with H.264: Chromium's, Firefox
// through the system's libavcodec, WebKitGTK through GStreamer's libav plugin), on the test
// clip served by the harness with one segment held back.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { EnginePage } from './engine.js';
import { ENGINE, useEngine } from './useEngine.js';
import { startHarness, waitFor, type Harness } from '../harness.js';
import { videoRoute, type VideoRequest } from '../videoRoute.js';

const FPS = 25;
const HELD_SEGMENT = 3;
const INJECTED_DELAY_MS = 1_500;
const TOLERANCE_MS = 200;

interface PageEvent {
  type: string;
  durationMs?: number;
  payload?: Record<string, number | string | boolean>;
}
interface VideoWindow {
  ready?: boolean;
  video: HTMLVideoElement;
  events: PageEvent[];
  refused: string[];
}

const browsers = useEngine();
let harness: Harness;
const requests: VideoRequest[] = [];
beforeAll(async () => {
  harness = await startHarness();
  harness.route(videoRoute(requests));
});
afterAll(async () => {
  await harness?.close();
});

async function withPage(query: string, run: (page: EnginePage) => Promise<void>): Promise<void> {
  const context = await browsers.engine.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${harness.origin}/test/browser/pages/capture-video.html${query}`);
    await page.waitForFunction(() => (window as unknown as VideoWindow).ready === true, undefined, {
      timeout: 20_000,
    });
    await run(page);
    expect(await page.evaluate(() => (window as unknown as VideoWindow).refused)).toEqual([]);
  } finally {
    await context.close();
  }
}

const events = (page: EnginePage) => page.evaluate(() => (window as unknown as VideoWindow).events);

test(`${ENGINE}: a segment held back by a known delay is one buffering event of that duration`, async () => {
  await withPage(`?hold=${HELD_SEGMENT}&delay=${INJECTED_DELAY_MS}`, async (page) => {
    await page.evaluate(() => (window as unknown as VideoWindow).video.play());
    await page.waitForFunction(() => (window as unknown as VideoWindow).video.ended, undefined, { timeout: 30_000 });
    const all = await events(page);
    const buffering = all.filter((e) => e.type === 'video.buffering');
    console.info(
      `${ENGINE}: buffering ${buffering.map((e) => e.durationMs).join(', ')} ms for ${INJECTED_DELAY_MS} ms`,
    );
    expect(buffering).toHaveLength(1);
    expect(Math.abs(buffering[0]!.durationMs! - INJECTED_DELAY_MS)).toBeLessThanOrEqual(TOLERANCE_MS);
    const startFrame = buffering[0]!.payload!['startFrame'] as number;
    expect(startFrame).toBeGreaterThanOrEqual(HELD_SEGMENT * FPS - 2);
    expect(startFrame).toBeLessThanOrEqual(HELD_SEGMENT * FPS);
    expect(all.filter((e) => e.type === 'video.startup')).toHaveLength(1);
    expect(all.filter((e) => e.type === 'video.seeking')).toHaveLength(0);
  });
});

test(`${ENGINE}: seeks report from and to frames, and never buffering`, async () => {
  await withPage('', async (page) => {
    const seek = (seconds: number) =>
      page.evaluate((t) => void ((window as unknown as VideoWindow).video.currentTime = t), seconds);
    const seekCount = async () => (await events(page)).filter((e) => e.type === 'video.seeking').length;
    await seek(1.2);
    await waitFor(async () => (await seekCount()) === 1, 10_000, 'first seek');
    await seek(5.0);
    await waitFor(async () => (await seekCount()) === 2, 10_000, 'second seek');
    await page.evaluate(() => (window as unknown as VideoWindow).video.play());
    await page.waitForTimeout(700);
    const before = await page.evaluate(() => (window as unknown as VideoWindow).video.currentTime);
    await seek(2.0);
    await waitFor(async () => (await seekCount()) === 3, 10_000, 'third seek');
    await page.waitForTimeout(1_000);
    const all = await events(page);
    const seeks = all.filter((e) => e.type === 'video.seeking').map((e) => e.payload!);
    console.info(`${ENGINE}: seeks ${JSON.stringify(seeks)}`);
    expect(seeks[0]).toMatchObject({ fromFrame: 0, toFrame: 30 });
    expect(seeks[1]).toMatchObject({ fromFrame: 30, toFrame: 125 });
    expect(seeks[2]).toMatchObject({ toFrame: 50 });
    const fromFrame = seeks[2]!['fromFrame'] as number;
    expect(fromFrame).toBeGreaterThanOrEqual(Math.floor(before * FPS) - 1);
    expect(fromFrame).toBeLessThanOrEqual(Math.floor(before * FPS) + 5);
    expect(all.filter((e) => e.type === 'video.buffering')).toHaveLength(0);
  });
});
