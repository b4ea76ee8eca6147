import type { EventContext } from '../events/schema.js';
import type { Tracker } from '../events/Tracker.js';
import { checkVideoOptions, type VideoSettings } from './captureSettings.js';
import { frameAt } from './lib/frames.js';
import { guard, listen, monoNow, type ErrorSink } from './lib/safe.js';
import { bufferingDetector } from './video/bufferingDetector.js';
import { videoEmitter } from './video/emitter.js';
import { errorDetector, HLS_ERROR, type HlsErrorData } from './video/errorDetector.js';
import { createPlayhead, watchFrames, type FrameCallbackVideo } from './video/playhead.js';
import { qualityDetector } from './video/qualityDetector.js';
import { seekDetector } from './video/seekDetector.js';
import { startupDetector } from './video/startupDetector.js';
import { summaryStats } from './video/summaryStats.js';

/** hls.js `Events.LEVEL_SWITCHED`: the level now being rendered (not merely requested). */
const HLS_LEVEL_SWITCHED = 'hlsLevelSwitched';

/**
 * The part of an hls.js instance `watchVideo` uses, so hls.js is never imported: pass the
 * `Hls` object you created and its rendered level switches become bitrate data.
 */
export interface HlsLike {
  on(event: string, listener: (event: string, data: HlsEventData) => void): void;
  off(event: string, listener: (event: string, data: HlsEventData) => void): void;
  readonly levels?: ReadonlyArray<{ readonly bitrate?: number; readonly width?: number; readonly height?: number }>;
}

/** The fields of hls.js event data the watcher reads: `LEVEL_SWITCHED`'s level, `ERROR`'s detail. */
export interface HlsEventData extends HlsErrorData {
  readonly level?: number;
}

/** What a watcher tells the item timer: the video stalls (buffering, or a seek overlay) from `at`, or stops. */
export type StallHook = (source: 'buffering' | 'seek', stalled: boolean, at: number) => void;

/** The stop function, plus `summarize`: emit `video.summary` for what was watched so far (the item closes). */
export interface VideoWatch {
  (): void;
  summarize(): void;
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
  stall: StallHook = () => {},
): VideoWatch {
  const video = media as FrameCallbackVideo;
  const ph = createPlayhead(video, settings.fps);
  const emit = videoEmitter(tracker, options, baseContext, onError);
  const summary = summaryStats(video, emit);
  const startup = startupDetector(ph, emit, summary.startup);
  const buffering = bufferingDetector(ph, emit, settings.bufferingMinMs, {
    started: (at) => stall('buffering', true, at),
    ended(at, ms) {
      stall('buffering', false, at);
      summary.rebuffer(ms);
    },
  });
  const seek = seekDetector(ph, emit, settings.seekMergeMs, onError, {
    started: (at) => stall('seek', true, at),
    settled: (at) => stall('seek', false, at),
    reported: (ms, step) => step || summary.seek(ms),
  });
  const quality = qualityDetector(video, ph, emit, settings, options.hls, monoNow());
  const errors = errorDetector(video, ph, emit, summary.error);
  const endBuffering = (endedBy: string) => buffering.active && buffering.end(monoNow(), endedBy);

  // The playhead sampler: every poll, one sample to whichever detector it belongs to.
  const tick = () => {
    const now = monoNow();
    const time = ph.time();
    const playing = ph.playing();
    if (!ph.frameCallback && !seek.active) ph.frame = frameAt(time, ph.fps);
    if (playing && ph.hasPlayed && !seek.active) summary.playing(now - ph.prevAt);
    startup.sample(now, time, playing);
    if (seek.active) seek.check(now);
    // Until the first frame moves, the wait is startup's, not rebuffering.
    else if (startup.pending) ph.movedAt = now;
    else buffering.sample(now, time, playing);
    ph.prevAt = now;
    ph.prevTime = time;
    quality.sample(now, playing);
  };

  const on: Record<string, () => void> = {
    play() {
      startup.play(monoNow());
      summary.requested();
    },
    error: () => errors.media(),
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
  type HlsListener = (event: string, data: HlsEventData) => void;
  // hls.js passes the event's name first; checked, so one listener never reads another's data.
  const levelListener = guard(onError, (e: string, data: HlsEventData) => {
    if (e === HLS_LEVEL_SWITCHED) quality.level(data?.level ?? -1);
  });
  const errorListener = guard(onError, (e: string, data: HlsEventData) => e === HLS_ERROR && errors.hls(data));
  try {
    options.hls?.on(HLS_LEVEL_SWITCHED, levelListener as HlsListener);
    options.hls?.on(HLS_ERROR, errorListener as HlsListener);
  } catch (error) {
    onError(error);
  }
  const interval = setInterval(guard(onError, tick), settings.pollMs);
  const stopFrames = watchFrames(
    video,
    (now, metadata) => {
      startup.frame(now, metadata);
      seek.frame(now, metadata);
    },
    onError,
  );

  const summarize = guard(onError, () => summary.flush(ph.frame));
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      clearInterval(interval);
      removers.forEach((remove) => remove());
      stopFrames();
      options.hls?.off(HLS_LEVEL_SWITCHED, levelListener as HlsListener);
      options.hls?.off(HLS_ERROR, errorListener as HlsListener);
      endBuffering('stop');
      seek.flush();
      summarize();
    } catch (error) {
      onError(error);
    }
  };
  return Object.assign(stop, { summarize });
}
