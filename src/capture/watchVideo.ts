import type { EventContext } from '../events/schema.js';
import type { Tracker } from '../events/Tracker.js';
import { checkVideoOptions, type VideoSettings } from './captureSettings.js';
import { frameAt } from './lib/frames.js';
import { guard, listen, monoNow, type ErrorSink } from './lib/safe.js';
import { bufferingDetector } from './video/bufferingDetector.js';
import { videoEmitter } from './video/emitter.js';
import { createPlayhead, watchFrames, type FrameCallbackVideo } from './video/playhead.js';
import { qualityDetector } from './video/qualityDetector.js';
import { seekDetector } from './video/seekDetector.js';
import { startupDetector } from './video/startupDetector.js';

/** hls.js `Events.LEVEL_SWITCHED`: the level now being rendered (not merely requested). */
const HLS_LEVEL_SWITCHED = 'hlsLevelSwitched';

/**
 * The part of an hls.js instance `watchVideo` uses, so hls.js is never imported: pass the
 * `Hls` object you created and its rendered level switches become bitrate data.
 */
export interface HlsLike {
  on(event: string, listener: (event: string, data: { level: number }) => void): void;
  off(event: string, listener: (event: string, data: { level: number }) => void): void;
  readonly levels?: ReadonlyArray<{ readonly bitrate?: number; readonly width?: number; readonly height?: number }>;
}

/** Options of `watchVideo`; every threshold has a named default in `defaults.ts`. */
export interface WatchVideoOptions {
  /** Frames per second of the video, for frame numbers when no frame metadata exists. */
  readonly fps?: number;
  /** An hls.js instance playing into this element, for rendered bitrate switches. */
  readonly hls?: HlsLike;
  /** Item id of the video; defaults to the open item. */
  readonly item?: string;
  /** Extra context for every event of this video. */
  readonly context?: Partial<EventContext>;
  /** Playhead polling period, ms. */
  readonly pollMs?: number;
  /** A still playhead counts as buffering after this long, ms. */
  readonly bufferingMinMs?: number;
  /** Seeks within this long after the previous one settled merge into one event, ms. */
  readonly seekMergeMs?: number;
  /** Rendered bitrate (bits/s) below which a sustained period is a warning; off when absent. */
  readonly bitrateFloor?: number;
  /** How long the bitrate must stay below the floor, ms. */
  readonly bitrateFloorMs?: number;
  /** Dropped-frame ratio above which a window is a warning (0–1). */
  readonly droppedRatio?: number;
  /** Dropped-frame judging window, ms. */
  readonly droppedWindowMs?: number;
  /** Fewest frames in a window to judge it. */
  readonly droppedMinFrames?: number;
}

/**
 * Watches one `<video>` (or `<audio>`) element and emits `video.startup`, `video.buffering`,
 * `video.seeking` and `video.bitrate_warning`: a playhead sampler feeding a startup, a
 * buffering, a seek and a quality detector (`./video/`). Returns the function that stops.
 * Never throws into the page: failures go to `onError`.
 */
export function watchVideoElement(
  tracker: Tracker,
  media: HTMLMediaElement,
  options: WatchVideoOptions = {},
  baseContext: () => Partial<EventContext> | undefined = () => undefined,
  onError: ErrorSink = () => {},
  settings: VideoSettings = checkVideoOptions(options),
): () => void {
  const video = media as FrameCallbackVideo;
  const ph = createPlayhead(video, settings.fps);
  const emit = videoEmitter(tracker, options, baseContext, onError);
  const startup = startupDetector(ph, emit);
  const buffering = bufferingDetector(ph, emit, settings.bufferingMinMs);
  const seek = seekDetector(ph, emit, settings.seekMergeMs, onError);
  const quality = qualityDetector(video, ph, emit, settings, options.hls, monoNow());
  const endBuffering = (endedBy: string) => buffering.active && buffering.end(monoNow(), endedBy);

  // The playhead sampler: every poll, one sample to whichever detector it belongs to.
  const tick = () => {
    const now = monoNow();
    const time = ph.time();
    const playing = ph.playing();
    if (!ph.frameCallback && !seek.active) ph.frame = frameAt(time, ph.fps);
    if (seek.active) seek.check(now);
    else buffering.sample(now, time, playing);
    ph.prevAt = now;
    ph.prevTime = time;
    quality.sample(now, playing);
  };

  const on: Record<string, () => void> = {
    play: () => startup.play(monoNow()),
    playing() {
      const now = monoNow();
      startup.playing(now);
      if (!buffering.active) ph.movedAt = now;
    },
    waiting: () => !seek.active && buffering.waiting(monoNow()),
    pause() {
      endBuffering('pause');
      startup.cancel();
    },
    seeking() {
      endBuffering('seek');
      seek.seeking(monoNow());
    },
    seeked: () => seek.seeked(monoNow()),
    emptied() {
      endBuffering('source');
      seek.flush();
      ph.hasPlayed = false;
      startup.cancel();
      quality.reset();
    },
    resize: () => quality.resize(),
  };
  const removers = Object.entries(on).map(([type, handler]) => listen(video, type, guard(onError, handler)));
  const levelListener = guard(onError, (_event: string, data: { level: number }) => quality.level(data.level));
  try {
    options.hls?.on(HLS_LEVEL_SWITCHED, levelListener as (event: string, data: { level: number }) => void);
  } catch (error) {
    onError(error);
  }
  const interval = setInterval(guard(onError, tick), settings.pollMs);
  const stopFrames = watchFrames(video, seek.frame, onError);

  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    try {
      clearInterval(interval);
      removers.forEach((remove) => remove());
      stopFrames();
      options.hls?.off(HLS_LEVEL_SWITCHED, levelListener as (event: string, data: { level: number }) => void);
      endBuffering('stop');
      seek.flush();
    } catch (error) {
      onError(error);
    }
  };
}
