import { TrailConfigError } from '../TrailConfigError.js';
import { numbers } from '../lib/optionChecks.js';
import type { CaptureOptions } from './attachCapture.js';
import {
  DEFAULT_BITRATE_FLOOR_MS,
  DEFAULT_BUFFERING_MIN_MS,
  DEFAULT_DROPPED_MIN_FRAMES,
  DEFAULT_DROPPED_RATIO,
  DEFAULT_DROPPED_WINDOW_MS,
  DEFAULT_FPS,
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_IDLE_MS,
  DEFAULT_RESUME_WINDOW_MS,
  DEFAULT_SEEK_MERGE_MS,
  DEFAULT_STORAGE_KEY,
  DEFAULT_VIDEO_POLL_MS,
} from './defaults.js';
import type { WatchVideoOptions } from './watchVideo.js';

/** Capture options with every number checked and defaulted; the objects given are kept as they are. */
export interface CaptureSettings extends CaptureOptions {
  readonly idleMs: number;
  readonly heartbeatMs: number;
  readonly resumeWindowMs: number;
  readonly storageKey: string;
}

const STORAGE_METHODS = ['getItem', 'setItem', 'removeItem'] as const;

// A Storage (getItem, setItem, removeItem), null (off) or absent (the window's).
function checkStorage(value: unknown, option: string): void {
  if (value === undefined || value === null) return;
  const storage = value as Record<string, unknown>;
  if (typeof value !== 'object' || STORAGE_METHODS.some((m) => typeof storage[m] !== 'function'))
    throw new TrailConfigError(option, 'must be a Storage (getItem, setItem, removeItem) or null');
}

/** Checks `createTrail({ capture })`; throws a `TrailConfigError` naming the option. */
export function checkCaptureOptions(options: CaptureOptions): CaptureSettings {
  if (typeof options !== 'object' || options === null) throw new TrailConfigError('capture', 'must be an object');
  const storageKey = options.storageKey ?? DEFAULT_STORAGE_KEY;
  if (typeof storageKey !== 'string' || !storageKey)
    throw new TrailConfigError('capture.storageKey', 'must be a non-empty string');
  if (options.onError !== undefined && typeof options.onError !== 'function')
    throw new TrailConfigError('capture.onError', 'must be a function');
  for (const name of ['storage', 'tabStorage'] as const) checkStorage(options[name], `capture.${name}`);
  return Object.freeze({
    ...options,
    ...numbers(options, 'capture.', {
      idleMs: [DEFAULT_IDLE_MS, 1],
      heartbeatMs: [DEFAULT_HEARTBEAT_MS, 1],
      resumeWindowMs: [DEFAULT_RESUME_WINDOW_MS, 0],
    }),
    storageKey,
  });
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

/** Checks `watchVideo(video, options)`; throws a `TrailConfigError` naming the option. */
export function checkVideoOptions(o: WatchVideoOptions): VideoSettings {
  if (typeof o !== 'object' || o === null) throw new TrailConfigError('watchVideo', 'options must be an object');
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
