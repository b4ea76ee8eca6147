import { frameAt } from '../lib/frames.js';
import { guard, monoNow, type ErrorSink } from '../lib/safe.js';

/** `requestVideoFrameCallback` metadata the watcher reads. */
export interface FrameMetadata {
  readonly mediaTime: number;
  readonly expectedDisplayTime?: number;
}

export type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?(cb: (now: number, metadata: FrameMetadata) => void): number;
  cancelVideoFrameCallback?(handle: number): void;
};

/** Reads `get`, or `fallback` when the element throws (a detached or torn-down media element). */
export function read<T>(get: () => T, fallback: T): T {
  try {
    return get();
  } catch {
    return fallback;
  }
}

/**
 * The playhead as the detectors see it: safe reads of the element, and the last sample
 * (`prevAt`, `prevTime`), when it last moved (`movedAt`), the last frame known to be shown,
 * and whether playback has started.
 */
export interface Playhead {
  readonly fps: number;
  /** The element presents frames through `requestVideoFrameCallback`, with exact frame numbers. */
  readonly frameCallback: boolean;
  time(): number;
  /** Playing, and meant to move: a playback rate of 0 holds the playhead on purpose. */
  playing(): boolean;
  rate(): number;
  frame: number;
  prevAt: number;
  prevTime: number;
  movedAt: number;
  hasPlayed: boolean;
  /** When the element last fired `playing`. */
  playingAt: number | undefined;
  /** A new movement baseline (a seek settled): the still time before it is not buffering. */
  rest(now: number): void;
}

/** The sampler's view of `video`; `tick` in `watchVideo` samples it on the poll interval. */
export function createPlayhead(video: FrameCallbackVideo, fps: number): Playhead {
  const time = () => read(() => (Number.isFinite(video.currentTime) ? video.currentTime : 0), 0);
  const now = monoNow();
  const start = time();
  return {
    fps,
    frameCallback: typeof video.requestVideoFrameCallback === 'function',
    time,
    playing: () => read(() => !video.paused && !video.ended && video.playbackRate !== 0, false),
    rate: () => read(() => (video.playbackRate > 0 ? video.playbackRate : 1), 1),
    frame: frameAt(start, fps),
    prevAt: now,
    prevTime: start,
    movedAt: now,
    hasPlayed: read(() => !video.paused && video.readyState >= 3 && video.currentTime > 0, false),
    playingAt: undefined,
    rest(at) {
      this.prevAt = this.movedAt = at;
      this.prevTime = time();
    },
  };
}

/** Calls `onFrame` for every frame the element presents (where it can say); returns the stop. */
export function watchFrames(
  video: FrameCallbackVideo,
  onFrame: (now: number, metadata: FrameMetadata) => void,
  onError: ErrorSink,
): () => void {
  let handle: number | undefined;
  const next = guard(onError, (now: number, metadata: FrameMetadata) => {
    onFrame(now, metadata);
    request();
  });
  const request = () => {
    if (typeof video.requestVideoFrameCallback === 'function')
      handle = read(() => video.requestVideoFrameCallback!(next), undefined);
  };
  request();
  return () => {
    if (handle !== undefined) video.cancelVideoFrameCallback?.(handle);
  };
}
