import { TrailConfigError } from '../../TrailConfigError.js';
import type { EventContext } from '../../events/schema.js';
import { numbers } from '../../lib/optionChecks.js';
import {
  DEFAULT_BITRATE_FLOOR_MS,
  DEFAULT_BUFFERING_MIN_MS,
  DEFAULT_DROPPED_MIN_FRAMES,
  DEFAULT_DROPPED_RATIO,
  DEFAULT_DROPPED_WINDOW_MS,
  DEFAULT_FPS,
  DEFAULT_SEEK_MERGE_MS,
  DEFAULT_VIDEO_POLL_MS,
} from '../defaults.js';
import type { ErrorSink } from '../lib/safe.js';
import type { HlsEvents } from './listenHls.js';

/**
 * The part of an hls.js instance `watchVideo` uses, so hls.js is never imported: pass the
 * `Hls` object you created and its rendered level switches become bitrate data.
 */
export interface HlsLike extends HlsEvents {
  readonly levels?: ReadonlyArray<{ readonly bitrate?: number; readonly width?: number; readonly height?: number }>;
}

/** Options of `watchVideo`; every threshold has a named default in `capture/defaults.ts`. */
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
  /** Receives the watcher's failures; default: the trail's own error reporting. */
  readonly onError?: ErrorSink;
}

/** `watchVideo`'s thresholds, checked and defaulted. */
export interface VideoSettings {
  readonly fps: number;
  readonly pollMs: number;
  readonly bufferingMinMs: number;
  readonly seekMergeMs: number;
  readonly bitrateFloor: number | undefined;
  readonly bitrateFloorMs: number;
  readonly droppedRatio: number;
  readonly droppedWindowMs: number;
  readonly droppedMinFrames: number;
}

/** Checks `watchVideo(trail, video, options)`; throws a `TrailConfigError` naming the option. */
export function checkVideoOptions(o: WatchVideoOptions): VideoSettings {
  if (typeof o !== 'object' || o === null) throw new TrailConfigError('watchVideo', 'options must be an object');
  if (o.onError !== undefined && typeof o.onError !== 'function')
    throw new TrailConfigError('watchVideo.onError', 'must be a function');
  return Object.freeze(
    numbers(o, 'watchVideo.', {
      fps: [DEFAULT_FPS, 1],
      pollMs: [DEFAULT_VIDEO_POLL_MS, 1],
      bufferingMinMs: [DEFAULT_BUFFERING_MIN_MS, 0],
      seekMergeMs: [DEFAULT_SEEK_MERGE_MS, 0],
      bitrateFloor: [undefined, 1],
      bitrateFloorMs: [DEFAULT_BITRATE_FLOOR_MS, 0],
      droppedRatio: [DEFAULT_DROPPED_RATIO, 2],
      droppedWindowMs: [DEFAULT_DROPPED_WINDOW_MS, 1],
      droppedMinFrames: [DEFAULT_DROPPED_MIN_FRAMES, 0],
    }),
  );
}
