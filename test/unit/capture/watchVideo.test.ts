import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { attachCapture, type Capture } from '../../../src/capture/attachCapture.js';
import { watchVideo, type HlsLike, type WatchVideoOptions } from '../../../src/capture/watchVideo.js';
import { createRecordingTracker, type RecordingTracker } from '../../support/recordingTracker.js';
import { createFakeVideo, type FakeVideo } from './fakeVideo.js';
import { installPageState } from './pageState.js';

const FPS = 25;
const MERGE_MS = 500;

let tracker: RecordingTracker;
let capture: Capture;
let video: FakeVideo;
let stop: () => void;

function watch(options: WatchVideoOptions = {}) {
  stop = watchVideo({ track: tracker.track, itemTime: capture.itemTime }, video.element, {
    fps: FPS,
    seekMergeMs: MERGE_MS,
    ...options,
  });
}

const payloads = (type: Parameters<RecordingTracker['ofType']>[0]) =>
  tracker.ofType(type).map((e) => e.payload as Record<string, number | string | boolean>);

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
});
afterEach(() => {
  stop?.();
  capture.dispose();
  vi.useRealTimers();
  expect(tracker.refused).toEqual([]);
});

describe('startup', () => {
  test('time from play to the first playing is reported as startup, not buffering', () => {
    watch();
    video.state.paused = false;
    video.fire('play');
    video.fire('waiting');
    video.run(1_300, false);
    video.fire('playing');
    video.run(1_000, true);
    expect(payloads('video.startup')).toEqual([expect.objectContaining({ durationMs: 1_300, startFrame: 0 })]);
    expect(tracker.ofType('video.buffering')).toHaveLength(0);
  });
});

describe('buffering', () => {
  test('a playhead that stops while playing is one buffering event with start frame and duration', () => {
    watch();
    video.play();
    video.run(2_000, true);
    video.fire('waiting');
    video.run(1_500, false);
    video.fire('playing');
    video.run(1_000, true);
    const events = tracker.ofType('video.buffering');
    expect(events).toHaveLength(1);
    expect(events[0]!.code).toBe(30);
    expect(events[0]!.durationMs).toBe(1_500);
    expect(events[0]!.context.frame).toBe(2 * FPS);
    expect(events[0]!.payload).toMatchObject({ startFrame: 2 * FPS, endedBy: 'playing', waiting: true });
  });

  test('is detected from the playhead even when no waiting event comes', () => {
    watch();
    video.play();
    video.run(1_000, true);
    video.run(2_000, false);
    video.run(500, true);
    expect(payloads('video.buffering')).toEqual([expect.objectContaining({ durationMs: 2_000, waiting: false })]);
  });

  test('a waiting event with a moving playhead, or a short hiccup, is not buffering', () => {
    watch();
    video.play();
    video.run(500, true);
    video.fire('waiting');
    video.run(1_000, true);
    video.run(300, false);
    video.run(1_000, true);
    video.fire('stalled');
    video.run(1_000, true);
    expect(tracker.ofType('video.buffering')).toHaveLength(0);
  });

  test('pause during buffering ends it at the pause', () => {
    watch();
    video.play();
    video.run(1_000, true);
    video.fire('waiting');
    video.run(1_200, false);
    video.state.paused = true;
    video.fire('pause');
    video.run(3_000, false);
    expect(payloads('video.buffering')).toEqual([expect.objectContaining({ durationMs: 1_200, endedBy: 'pause' })]);
  });

  test('a playback rate of 0 is a deliberate hold, not buffering', () => {
    watch();
    video.play();
    video.run(500, true);
    video.state.playbackRate = 0;
    video.run(2_000, true);
    expect(tracker.ofType('video.buffering')).toHaveLength(0);
  });

  test('a paused or ended video is never buffering', () => {
    watch();
    video.play();
    video.run(500, true);
    video.state.ended = true;
    video.fire('ended');
    video.run(3_000, false);
    expect(tracker.ofType('video.buffering')).toHaveLength(0);
  });
});

describe('seeking', () => {
  test('reports from frame, to frame and the time until the target frame was shown', () => {
    watch();
    video.run(200, false); // paused at 0
    video.state.currentTime = 1.2;
    video.run(200, false);
    video.seek(4.0);
    video.run(300, false);
    video.fire('seeked');
    video.run(MERGE_MS + 200, false);
    const events = tracker.ofType('video.seeking');
    expect(events).toHaveLength(1);
    expect(events[0]!.code).toBe(32);
    expect(events[0]!.payload).toMatchObject({ fromFrame: 30, toFrame: 100, durationMs: 300, seeks: 1 });
    expect(events[0]!.context.frame).toBe(100);
  });

  test('waiting before seeking: the stall belongs to the seek, not to buffering', () => {
    watch();
    video.play();
    video.run(1_000, true);
    video.fire('waiting');
    video.seek(6.0);
    video.run(900, false);
    video.fire('seeked');
    video.fire('playing');
    video.run(1_500, true);
    expect(tracker.ofType('video.buffering')).toHaveLength(0);
    expect(payloads('video.seeking')).toEqual([
      expect.objectContaining({ fromFrame: 25, toFrame: 150, durationMs: 900 }),
    ]);
  });

  test('seeked followed by waiting: the wait for data after the seek is the seek’s', () => {
    watch();
    video.play();
    video.run(2_000, true);
    video.seek(8.0);
    video.run(200, false);
    video.fire('seeked');
    video.fire('waiting');
    video.run(1_400, false);
    video.fire('playing');
    video.run(1_500, true);
    expect(tracker.ofType('video.buffering')).toHaveLength(0);
    const [seek] = payloads('video.seeking');
    expect(seek).toMatchObject({ fromFrame: 50, toFrame: 200, durationMs: 200 });
    expect(seek!.settleMs).toBeGreaterThanOrEqual(1_600);
    expect(seek!.settleMs).toBeLessThanOrEqual(1_700);
  });

  test('buffering that started before a seek is reported and ends at the seek', () => {
    watch();
    video.play();
    video.run(1_000, true);
    video.fire('waiting');
    video.run(1_000, false);
    video.seek(3.0);
    video.run(100, false);
    video.fire('seeked');
    video.fire('playing');
    video.run(1_500, true);
    expect(payloads('video.buffering')).toEqual([expect.objectContaining({ durationMs: 1_000, endedBy: 'seek' })]);
    expect(tracker.ofType('video.seeking')).toHaveLength(1);
  });

  test('re-seeks within the merge window merge into one event; later ones do not', () => {
    watch();
    video.state.currentTime = 1.0;
    video.run(200, false);
    video.seek(2.0);
    video.run(50, false);
    video.fire('seeked');
    video.run(MERGE_MS - 200, false);
    video.seek(5.0); // within the window
    video.run(100, false);
    video.fire('seeked');
    video.run(MERGE_MS + 100, false);
    video.seek(7.0); // after the window: a new seek
    video.run(50, false);
    video.fire('seeked');
    video.run(MERGE_MS + 100, false);
    expect(payloads('video.seeking')).toEqual([
      expect.objectContaining({ fromFrame: 25, toFrame: 125, seeks: 2 }),
      expect.objectContaining({ fromFrame: 125, toFrame: 175, seeks: 1, durationMs: 50 }),
    ]);
  });

  test('a seek while still seeking merges as well', () => {
    watch();
    video.seek(2.0);
    video.run(40, false);
    video.seek(3.0);
    video.run(60, false);
    video.fire('seeked');
    video.run(MERGE_MS + 100, false);
    expect(payloads('video.seeking')).toEqual([
      expect.objectContaining({ fromFrame: 0, toFrame: 75, seeks: 2, durationMs: 100 }),
    ]);
  });
});

describe('frame numbers from requestVideoFrameCallback', () => {
  test('the presented frame is used for from/to frames and the shown time', () => {
    const callbacks: ((now: number, meta: { mediaTime: number }) => void)[] = [];
    const el = video.element as unknown as Record<string, unknown>;
    el.requestVideoFrameCallback = (cb: (now: number, meta: { mediaTime: number }) => void) => callbacks.push(cb);
    el.cancelVideoFrameCallback = () => {};
    const present = (mediaTime: number) => callbacks.splice(0).forEach((cb) => cb(performance.now(), { mediaTime }));
    watch();
    // currentTime says 1.0 but the frame on screen is 0.96 (frame 24): the screen wins.
    video.state.currentTime = 1.0;
    present(0.96);
    video.seek(2.5);
    video.run(100, false);
    video.fire('seeked');
    video.run(150, false);
    present(2.48); // the target's frame is on screen only now
    video.run(MERGE_MS + 100, false);
    expect(payloads('video.seeking')).toEqual([
      expect.objectContaining({ fromFrame: 24, toFrame: 62, durationMs: 250 }),
    ]);
  });

  test('a paused seek whose frame is never presented still moves the playhead for the next seek', () => {
    const el = video.element as unknown as Record<string, unknown>;
    el.requestVideoFrameCallback = () => 1; // registered, but no frame is ever presented
    el.cancelVideoFrameCallback = () => {};
    watch();
    for (const target of [6.02, 6.06, 6.02]) {
      video.seek(target);
      video.run(20, false);
      video.fire('seeked');
      video.run(1_000 + MERGE_MS + 200, false); // past the shown-frame fallback and the merge window
    }
    expect(payloads('video.seeking').map((p) => [p.fromFrame, p.toFrame])).toEqual([
      [0, 150],
      [150, 151],
      [151, 150],
    ]);
  });
});

describe('bitrate warnings', () => {
  function fakeHls(): HlsLike & { emit(level: number): void } {
    const listeners = new Set<(event: string, data: { level: number }) => void>();
    return {
      levels: [
        { bitrate: 400_000, height: 240 },
        { bitrate: 1_200_000, height: 480 },
        { bitrate: 3_000_000, height: 720 },
      ],
      on: (_e, fn) => listeners.add(fn),
      off: (_e, fn) => listeners.delete(fn),
      emit: (level) => listeners.forEach((fn) => fn('hlsLevelSwitched', { level })),
    };
  }

  test('a rendered switch to a lower hls.js level warns with both bitrates; upswitches do not', () => {
    const hls = fakeHls();
    watch({ hls });
    hls.emit(1);
    hls.emit(2);
    hls.emit(0);
    expect(payloads('video.bitrate_warning')).toEqual([
      expect.objectContaining({
        reason: 'downswitch',
        fromBitrate: 3_000_000,
        bitrate: 400_000,
        level: 0,
        height: 240,
      }),
    ]);
    expect(tracker.ofType('video.bitrate_warning')[0]!.code).toBe(31);
    stop();
    hls.emit(2);
    hls.emit(1);
    expect(tracker.ofType('video.bitrate_warning')).toHaveLength(1);
  });

  test('a bitrate below the floor for the sustained period warns once per episode', () => {
    const hls = fakeHls();
    watch({ hls, bitrateFloor: 1_000_000, bitrateFloorMs: 2_000 });
    video.play();
    hls.emit(0);
    video.run(1_500, true);
    expect(tracker.ofType('video.bitrate_warning')).toHaveLength(0);
    video.run(1_500, true);
    video.run(5_000, true);
    expect(payloads('video.bitrate_warning')).toEqual([
      expect.objectContaining({ reason: 'below_floor', bitrate: 400_000, floor: 1_000_000 }),
    ]);
    expect(payloads('video.bitrate_warning')[0]!.sustainedMs).toBeGreaterThanOrEqual(2_000);
  });

  test('native playback: a resize to a smaller rendition is a downswitch', () => {
    watch();
    video.fire('resize');
    video.state.videoWidth = 640;
    video.state.videoHeight = 360;
    video.fire('resize');
    expect(payloads('video.bitrate_warning')).toEqual([
      expect.objectContaining({ reason: 'downswitch', fromHeight: 720, height: 360, width: 640 }),
    ]);
  });

  test('dropped frames above the threshold in a window warn with the counts', () => {
    watch({ droppedWindowMs: 1_000, droppedRatio: 0.1 });
    video.play();
    video.run(1_000, true); // 100 frames, none dropped
    video.state.dropped += 30;
    video.run(1_000, true);
    const warnings = payloads('video.bitrate_warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ reason: 'dropped_frames', droppedFrames: 30, threshold: 0.1 });
    expect(warnings[0]!.totalFrames).toBeGreaterThanOrEqual(90);
  });
});

test('a broken media element does not throw into the page', () => {
  const errors: unknown[] = [];
  const c = attachCapture(tracker, { storage: null, onError: (e) => errors.push(e) });
  const el = document.createElement('video');
  Object.defineProperty(el, 'currentTime', {
    get: () => {
      throw new Error('gone');
    },
  });
  Object.defineProperty(el, 'paused', {
    get: () => {
      throw new Error('gone');
    },
  });
  const s = watchVideo({ track: tracker.track, itemTime: c.itemTime }, el, { fps: FPS });
  expect(() => {
    el.dispatchEvent(new Event('play'));
    el.dispatchEvent(new Event('seeking'));
    el.dispatchEvent(new Event('seeked'));
    vi.advanceTimersByTime(2_000);
  }).not.toThrow();
  s();
  c.dispose();
});

test('stop flushes a pending seek and removes listeners', () => {
  watch();
  video.seek(2.0);
  video.fire('seeked');
  stop();
  expect(tracker.ofType('video.seeking')).toHaveLength(1);
  video.seek(3.0);
  video.fire('seeked');
  video.run(2_000, false);
  expect(tracker.ofType('video.seeking')).toHaveLength(1);
});

test('closing the trail stops the watcher through itemTime: its last events come before the item duration', () => {
  capture.openItem('clip-1');
  watch();
  video.play();
  video.run(1_000, true);
  video.run(1_200, false);
  capture.dispose();
  const types = tracker.events.map((e) => e.type);
  expect(payloads('video.buffering')).toEqual([expect.objectContaining({ endedBy: 'stop' })]);
  expect(types.indexOf('video.buffering')).toBeLessThan(types.indexOf('item.duration'));
  expect(types.indexOf('video.summary')).toBeLessThan(types.indexOf('item.duration'));
  // Stopped: the element's events reach nothing any more.
  const count = tracker.events.length;
  video.seek(3.0);
  video.fire('seeked');
  video.run(2_000, false);
  expect(tracker.events).toHaveLength(count);
});
