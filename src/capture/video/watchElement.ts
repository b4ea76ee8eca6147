import type { EventContext } from '../../events/schema.js';
import type { Tracker } from '../../events/Tracker.js';
import { guard, listen, monoNow, type ErrorSink } from '../lib/safe.js';
import { createDetectors, type Detectors, type StallHook } from './detectors.js';
import { videoEmitter } from './emitter.js';
import { listenHls } from './listenHls.js';
import { createPlayhead, watchFrames, type FrameCallbackVideo, type FrameMetadata, type Playhead } from './playhead.js';
import { samplePlayhead } from './sampler.js';
import type { VideoSettings, WatchVideoOptions } from './videoOptions.js';

/** The stop function, plus `summarize`: emit `video.summary` for what was watched so far (the item closes). */
export interface VideoWatch {
  (): void;
  summarize(): void;
}

/** What one watched element tells time in tool, and where its events take their context from. */
export interface VideoWatchHooks {
  /** The open item's context, for every event. */
  readonly context: () => Partial<EventContext> | undefined;
  readonly onError: ErrorSink;
  /** Buffering and seek overlays: the item's stalled time. */
  readonly stall: StallHook;
  /** Playback started (`play`) or stopped (pause, end, a new source, the watch stopped). */
  readonly playback: (playing: boolean, at: number) => void;
}

const endBuffering = (d: Detectors, endedBy: string) => d.buffering.active && d.buffering.end(monoNow(), endedBy);

/** The element's media events, each to the detectors it concerns and to time in tool's playback. */
function mediaHandlers(d: Detectors, ph: Playhead, playback: VideoWatchHooks['playback']): Record<string, () => void> {
  const { summary, startup, buffering, seek, quality, errors } = d;
  return {
    play() {
      const now = monoNow();
      startup.play(now);
      summary.requested();
      playback(true, now);
    },
    error: () => errors.media(),
    playing() {
      const now = monoNow();
      startup.playing(now);
      if (!buffering.active) ph.movedAt = now;
    },
    waiting: () => !seek.active && buffering.waiting(monoNow()),
    pause() {
      endBuffering(d, 'pause');
      startup.cancel();
      playback(false, monoNow());
    },
    ended: () => playback(false, monoNow()),
    seeking() {
      endBuffering(d, 'seek');
      seek.seeking(monoNow());
    },
    seeked: () => seek.seeked(monoNow()),
    emptied() {
      endBuffering(d, 'source');
      seek.flush();
      ph.hasPlayed = false;
      startup.cancel();
      quality.reset();
      playback(false, monoNow());
    },
    resize: () => quality.resize(),
  };
}

/**
 * Watches one `<video>` (or `<audio>`) element and emits `video.startup`, `video.buffering`,
 * `video.seeking` and `video.bitrate_warning`: a playhead sampler feeding a startup, a
 * buffering, a seek and a quality detector (`./`). Returns the function that stops.
 * Never throws into the page: failures go to `hooks.onError`.
 */
export function watchVideoElement(
  tracker: Tracker,
  media: HTMLMediaElement,
  options: WatchVideoOptions,
  settings: VideoSettings,
  hooks: VideoWatchHooks,
): VideoWatch {
  const { onError, playback } = hooks;
  const video = media as FrameCallbackVideo;
  const ph = createPlayhead(video, settings.fps);
  const emit = videoEmitter(tracker, options, hooks.context, onError);
  const d = createDetectors(video, ph, emit, settings, options.hls, hooks.stall, onError, monoNow());
  const { summary, startup, seek, quality, errors } = d;
  const on = mediaHandlers(d, ph, playback);
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
      endBuffering(d, 'stop');
      seek.flush();
      playback(false, monoNow());
      summarize();
    } catch (error) {
      onError(error);
    }
  };
  return Object.assign(stop, { summarize });
}
