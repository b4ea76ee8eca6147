// The video detectors alone, fed by a scripted playhead instead of a media element.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { bufferingDetector } from '../../../src/capture/video/bufferingDetector.js';
import type { VideoEmit } from '../../../src/capture/video/emitter.js';
import type { Playhead } from '../../../src/capture/video/playhead.js';
import { qualityDetector } from '../../../src/capture/video/qualityDetector.js';
import { seekDetector } from '../../../src/capture/video/seekDetector.js';
import { startupDetector } from '../../../src/capture/video/startupDetector.js';
import { checkVideoOptions } from '../../../src/capture/video/videoOptions.js';

let t = 0;
let playing = true;
let emitted: [string, number | undefined, Record<string, unknown>][];
const emit: VideoEmit = (type, frame, payload) => void emitted.push([type, frame, payload]);

function playhead(): Playhead {
  return {
    fps: 25,
    frameCallback: false,
    time: () => t,
    playing: () => playing,
    rate: () => 1,
    frame: 0,
    prevAt: 0,
    prevTime: 0,
    movedAt: 0,
    hasPlayed: true,
    playingAt: undefined,
    rest(at) {
      this.prevAt = this.movedAt = at;
      this.prevTime = t;
    },
  };
}

beforeEach(() => {
  t = 0;
  playing = true;
  emitted = [];
});
afterEach(() => vi.useRealTimers());

test('startup: play request to the first moving frame, once per source; playing alone does not end it', () => {
  const ph = { ...playhead(), hasPlayed: false, prevAt: 1_400 };
  const startup = startupDetector(ph, emit);
  startup.play(1_000);
  startup.playing(1_400); // the frame already on screen: not a startup yet
  startup.sample(1_400, 0, true);
  expect(emitted).toEqual([]);
  t = 0.06; // 60 ms of media at rate 1 before this sample: it moved at 1 440
  startup.sample(1_500, t, true);
  startup.play(2_000);
  startup.playing(2_100);
  startup.sample(2_200, 0.2, true);
  expect(emitted).toEqual([['video.startup', 0, { durationMs: 440, startFrame: 0 }]]);
  expect(ph.hasPlayed).toBe(true);
});

test('startup: a presented frame with a new media time ends it at its display time', () => {
  const ph = { ...playhead(), hasPlayed: false };
  const startup = startupDetector(ph, emit);
  startup.play(1_000);
  startup.playing(1_001);
  startup.frame(1_002, { mediaTime: 0 }); // the frame that was already shown
  startup.frame(1_050, { mediaTime: 0.04, expectedDisplayTime: 1_060 });
  expect(emitted).toEqual([['video.startup', 0, { durationMs: 60, startFrame: 0 }]]);
});

test('buffering: a playhead still for the minimum while playing is one episode, ended when it moves', () => {
  const ph = playhead();
  const buffering = bufferingDetector(ph, emit, 500);
  const sample = (now: number) => {
    buffering.sample(now, t, playing);
    ph.prevAt = now;
    ph.prevTime = t;
  };
  for (let now = 100; now <= 400; now += 100) sample(now); // still, but not long enough yet
  expect(buffering.active).toBe(false);
  sample(500);
  expect(buffering.active).toBe(true);
  t = 0.1; // moves again: 100 ms of media at rate 1 before this sample
  sample(1_300);
  expect(emitted).toEqual([
    ['video.buffering', 0, { durationMs: 1_200, startFrame: 0, startTime: 0, endedBy: 'playing', waiting: false }],
  ]);
});

test('buffering: pausing is not buffering', () => {
  const ph = playhead();
  const buffering = bufferingDetector(ph, emit, 500);
  playing = false;
  for (let now = 100; now <= 2_000; now += 100) buffering.sample(now, t, playing);
  expect(buffering.active).toBe(false);
  expect(emitted).toEqual([]);
});

test('seek: seeks within the merge window are one scrub, reported once with the last target', () => {
  vi.useFakeTimers();
  const ph = playhead();
  playing = false;
  const seek = seekDetector(ph, emit, 750, (e) => {
    throw e;
  });
  seek.seeking(1_000);
  t = 2;
  seek.seeked(1_050);
  seek.seeking(1_200);
  t = 4;
  seek.seeked(1_300);
  vi.advanceTimersByTime(750);
  expect(emitted).toHaveLength(1);
  expect(emitted[0]).toMatchObject(['video.seeking', 100, { fromFrame: 0, toFrame: 100, seeks: 2, durationMs: 300 }]);
  expect(seek.active).toBe(false);
  expect(ph.frame).toBe(100);
});

test('seek: a frame step whose frame is presented before seeking fires starts from the frame before', () => {
  // As Chromium does for a paused step inside the buffer: the new frame's callback can run
  // before the seeking event. The step is one frame, not a seek of zero distance.
  const ph = { ...playhead(), frameCallback: true, frame: 150 };
  playing = false;
  const seek = seekDetector(ph, emit, 750, (e) => {
    throw e;
  });
  t = 6.06;
  seek.frame(1_000, { mediaTime: 6.04 });
  seek.seeking(1_004);
  seek.seeked(1_005);
  seek.flush();
  expect(emitted).toEqual([
    ['video.seeking', 151, expect.objectContaining({ fromFrame: 150, toFrame: 151, shownFrame: 151, durationMs: 0 })],
  ]);
});

test('seek: a seek that lands on the frame it left moved nothing and is not reported', () => {
  const ph = { ...playhead(), frameCallback: true, frame: 151 };
  playing = false;
  const seek = seekDetector(ph, emit, 750, (e) => {
    throw e;
  });
  t = 6.06; // a step forward at the last frame, clamped to where it is
  seek.seeking(1_000);
  seek.seeked(1_001);
  seek.frame(1_010, { mediaTime: 6.04 });
  seek.flush();
  expect(emitted).toEqual([]);
});

test('quality: below the bitrate floor for long enough warns once; dropped frames over the ratio warn', () => {
  const settings = checkVideoOptions({ bitrateFloor: 1e6, bitrateFloorMs: 1_000, droppedWindowMs: 1_000 });
  let dropped = 0;
  let total = 0;
  const video = {
    videoWidth: 1280,
    videoHeight: 720,
    getVideoPlaybackQuality: () => ({ droppedVideoFrames: dropped, totalVideoFrames: total }),
  } as unknown as HTMLVideoElement;
  const hls = { levels: [{ bitrate: 500_000 }, { bitrate: 2e6 }] };
  const quality = qualityDetector(video, playhead(), emit, settings, hls, 0);
  quality.level(1);
  quality.level(0);
  expect(emitted.map((e) => e[2].reason)).toEqual(['downswitch']);
  quality.sample(100, true);
  quality.sample(1_200, true);
  quality.sample(2_000, true);
  dropped = 20;
  total = 100;
  quality.sample(2_300, true);
  expect(emitted.map((e) => e[2].reason)).toEqual(['downswitch', 'below_floor', 'dropped_frames']);
  expect(emitted[2]![2]).toMatchObject({ droppedFrames: 20, totalFrames: 100, ratio: 0.2 });
});
