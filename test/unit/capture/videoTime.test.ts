import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { attachCapture, type Capture } from '../../../src/capture/attachCapture.js';
import { watchVideo, type HlsLike } from '../../../src/capture/watchVideo.js';
import { createRecordingTracker, type RecordingTracker } from '../../support/recordingTracker.js';
import { createFakeVideo, type FakeVideo } from './fakeVideo.js';
import { input, installPageState } from './pageState.js';

// The video parts that reach beyond one event: stalls in the item's time, errors, the summary,
// and the two fixes (no 0 ms startup on a frame already shown, no zero-distance seek).
const FPS = 25;
const MERGE_MS = 500;

let tracker: RecordingTracker;
let capture: Capture;
let video: FakeVideo;
let stop: () => void;

const payloads = (type: Parameters<RecordingTracker['ofType']>[0]) =>
  tracker.ofType(type).map((e) => e.payload as Record<string, number | string | boolean>);

/** Plays (or holds) for `ms` with an input every 500 ms, so the user never turns idle. */
function run(ms: number, moving: boolean): void {
  for (let t = 0; t < ms; t += 500) {
    input();
    video.run(Math.min(500, ms - t), moving);
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  installPageState();
  tracker = createRecordingTracker();
  capture = attachCapture(tracker, {
    storage: null,
    onError: (e) => {
      throw e;
    },
  });
  video = createFakeVideo();
  stop = watchVideo({ track: tracker.track, itemTime: capture.itemTime }, video.element, {
    fps: FPS,
    seekMergeMs: MERGE_MS,
  });
});
afterEach(() => {
  stop();
  capture.dispose();
  vi.useRealTimers();
  expect(tracker.refused).toEqual([]);
});

test('a play request answered by a frame already on screen is timed to the first moving frame, not 0 ms', () => {
  video.play(); // play and playing at once: the frame shown is the one that was there
  video.run(40, false);
  video.run(500, true);
  expect(payloads('video.startup')).toEqual([{ durationMs: 40, startFrame: 0 }]);
});

test('a seek that lands on the frame it left is not reported as a seek of zero distance', () => {
  video.state.currentTime = 10.5 / FPS;
  video.run(200, false);
  video.seek(10.5 / FPS); // a frame step past the last frame, clamped: the same time again
  video.fire('seeked');
  video.run(MERGE_MS + 200, false);
  video.seek(11.5 / FPS); // a real frame step
  video.fire('seeked');
  video.run(MERGE_MS + 200, false);
  expect(payloads('video.seeking')).toEqual([expect.objectContaining({ fromFrame: 10, toFrame: 11 })]);
});

test('a stall of the open item’s video is stalledMs, counted in durationMs; the buckets sum to openMs', () => {
  capture.openItem('clip-1');
  video.play();
  run(2_000, true);
  video.fire('waiting');
  run(1_500, false);
  video.fire('playing');
  run(1_000, true);
  capture.closeItem();
  const [duration] = payloads('item.duration');
  expect(duration!['stalledMs']).toBe(1_500);
  expect(duration!['activeMs']).toBe(3_000);
  expect(duration!['durationMs']).toBe(4_500);
  expect(duration!['openMs']).toBe(4_500);
});

test('a seek overlay is stalled time too', () => {
  capture.openItem('clip-1');
  run(1_000, false);
  video.seek(4.0);
  run(300, false); // until the target frame is shown
  video.fire('seeked');
  run(1_000, false);
  capture.closeItem();
  expect(payloads('item.duration')[0]).toMatchObject({ stalledMs: 300, activeMs: 2_000 });
});

test('a MediaError and hls.js errors become video.error with their codes and whether they were fatal', () => {
  const listeners = new Map<string, (event: string, data: object) => void>();
  const hls: HlsLike = { on: (e, fn) => void listeners.set(e, fn), off: (e) => void listeners.delete(e) };
  stop(); // the plain watcher of beforeEach: one watcher on the element
  const stopHls = watchVideo({ track: tracker.track, itemTime: capture.itemTime }, video.element, { fps: FPS, hls });
  listeners.get('hlsError')!('hlsError', { type: 'networkError', details: 'fragLoadError', fatal: false });
  Object.defineProperty(video.element, 'error', { configurable: true, get: () => ({ code: 3, message: 'decode' }) });
  video.fire('error');
  stopHls();
  const errors = tracker.ofType('video.error');
  expect(errors.map((e) => e.code)).toEqual([null, null]); // no action number exists for errors
  expect(errors.map((e) => e.payload)).toEqual([
    { source: 'hls', fatal: false, type: 'networkError', details: 'fragLoadError', startup: true },
    { source: 'media', fatal: true, code: 3, message: 'decode', startup: true },
  ]);
});

test('one video.summary as the item closes: startup, rebuffer count and ratio, seeks, dropped frames', () => {
  capture.openItem('clip-1');
  video.play();
  video.run(100, false);
  run(3_000, true);
  run(1_000, false); // a stall of 1 s
  run(1_000, true);
  video.state.dropped = 10;
  video.seek(1.0);
  video.run(200, false);
  video.fire('seeked');
  run(MERGE_MS + 500, true);
  capture.closeItem();
  stop(); // nothing since the summary: no second one
  const summaries = tracker.ofType('video.summary');
  expect(summaries).toHaveLength(1);
  expect(summaries[0]!.context.item).toBe('clip-1');
  const s = summaries[0]!.payload as Record<string, number>;
  expect(s).toMatchObject({ startupMs: 100, rebufferCount: 1, rebufferMs: 1_000, seekCount: 1, seekP50Ms: 200 });
  expect(s['rebufferRatio']).toBeCloseTo(1_000 / (s['playingMs']! + 1_000), 3);
  expect(s['playingMs']).toBeGreaterThanOrEqual(4_400);
  expect(s['playingMs']).toBeLessThanOrEqual(4_600);
  expect(s['droppedFrames']).toBe(10);
  expect(tracker.ofType('item.duration')[0]!.seq).toBeGreaterThan(summaries[0]!.seq);
});
