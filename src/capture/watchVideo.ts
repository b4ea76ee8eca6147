import type { EventContext } from '../events/schema.js';
import type { Tracker } from '../events/Tracker.js';
import { checkVideoOptions, type VideoSettings } from './captureSettings.js';
import { guard, listen, monoNow, type ErrorSink } from './lib/safe.js';
import { createDetectors, type StallHook } from './video/detectors.js';
import { videoEmitter } from './video/emitter.js';
import { listenHls, type HlsEventData, type HlsEvents } from './video/listenHls.js';
import { createPlayhead, watchFrames, type FrameCallbackVideo, type FrameMetadata } from './video/playhead.js';
import { samplePlayhead } from './video/sampler.js';

/**
 * The part of an hls.js instance `watchVideo` uses, so hls.js is never imported: pass the
 * `Hls` object you created and its rendered level switches become bitrate data.
 */
export interface HlsLike extends HlsEvents {
  readonly levels?: ReadonlyArray<{ readonly bitrate?: number; readonly width?: number; readonly height?: number }>;
}

export type { HlsEventData, StallHook };

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
  const d = createDetectors(video, ph, emit, settings, options.hls, stall, onError, monoNow());
  const { summary, startup, buffering, seek, quality, errors } = d;
  const endBuffering = (endedBy: string) => buffering.active && buffering.end(monoNow(), endedBy);

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
  removers.push(listenHls(options.hls, quality.level, errors.hls, onError));
  const interval = setInterval(
    guard(onError, () => samplePlayhead(ph, d, monoNow())),
    settings.pollMs,
  );
  const frame = (now: number, metadata: FrameMetadata) => {
    startup.frame(now, metadata);
    seek.frame(now, metadata);
  };
  removers.push(watchFrames(video, frame, onError));

  const summarize = guard(onError, () => summary.flush(ph.frame));
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      clearInterval(interval);
      removers.forEach((remove) => remove());
      endBuffering('stop');
      seek.flush();
      summarize();
    } catch (error) {
      onError(error);
    }
  };
  return Object.assign(stop, { summarize });
}
