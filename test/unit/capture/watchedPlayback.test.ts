import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { attachCapture, type Capture } from '../../../src/capture/attachCapture.js';
import { USER_PLAY_WINDOW_MS, WATCHED_PLAYBACK_IDLE_FACTOR } from '../../../src/capture/defaults.js';
import { createRecordingTracker, type RecordingTracker } from '../../support/recordingTracker.js';
import { input, installPageState } from './pageState.js';

// The playback rule of time in tool, through its extension point (`itemTime.playback`, which
// labeltrail/video feeds): playback the user started is attention until it stops, within a bound.
const IDLE_MS = 10_000;
const BOUND_MS = WATCHED_PLAYBACK_IDLE_FACTOR * IDLE_MS;

let tracker: RecordingTracker;
let capture: Capture;

beforeEach(() => {
  vi.useFakeTimers();
  installPageState();
  tracker = createRecordingTracker();
  capture = attachCapture(tracker, {
    idleMs: IDLE_MS,
    storage: null,
    onError: (e) => {
      throw e;
    },
  });
  capture.openItem('clip-1');
});
afterEach(() => {
  capture.dispose();
  vi.useRealTimers();
});

function closed() {
  capture.closeItem();
  return tracker.ofType('item.duration')[0]!.payload as Record<string, number>;
}

test('playback started by input counts until its pause; idle is judged from the pause', () => {
  input('keydown');
  capture.itemTime.playback('video-1', true);
  vi.advanceTimersByTime(2.5 * IDLE_MS);
  capture.itemTime.playback('video-1', false);
  vi.advanceTimersByTime(2 * IDLE_MS);
  expect(closed()).toMatchObject({ activeMs: 2.5 * IDLE_MS, idleMs: 2 * IDLE_MS });
});

test('a looping video left alone counts for 3 × idleMs after the last input, then goes idle', () => {
  input('keydown');
  capture.itemTime.playback('video-1', true);
  vi.advanceTimersByTime(10 * IDLE_MS);
  expect(closed()).toMatchObject({ activeMs: BOUND_MS, idleMs: 10 * IDLE_MS - BOUND_MS });
});

test('input while it plays starts a new bound', () => {
  input('keydown');
  capture.itemTime.playback('video-1', true);
  vi.advanceTimersByTime(2 * IDLE_MS);
  input();
  vi.advanceTimersByTime(5 * IDLE_MS);
  expect(closed()).toMatchObject({ activeMs: 2 * IDLE_MS + BOUND_MS, idleMs: 5 * IDLE_MS - BOUND_MS });
});

test('autoplay (no input just before) is not attention: the idle rule holds', () => {
  vi.advanceTimersByTime(USER_PLAY_WINDOW_MS + 1);
  capture.itemTime.playback('video-1', true);
  vi.advanceTimersByTime(3 * IDLE_MS);
  // Opening the item was the last action: the whole gap since it is idle.
  expect(closed()).toMatchObject({ activeMs: 0, idleMs: USER_PLAY_WINDOW_MS + 1 + 3 * IDLE_MS });
});

test('a stall during watched playback is stalled; past the bound idle outranks it', () => {
  input('keydown');
  capture.itemTime.playback('video-1', true);
  vi.advanceTimersByTime(2 * IDLE_MS);
  capture.itemTime.stalled('video-1:buffering', true);
  vi.advanceTimersByTime(2 * IDLE_MS);
  expect(closed()).toMatchObject({ activeMs: 2 * IDLE_MS, stalledMs: BOUND_MS - 2 * IDLE_MS, idleMs: IDLE_MS });
});
