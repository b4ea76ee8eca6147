import { TrailConfigError } from '../TrailConfigError.js';
import { numbers } from '../lib/optionChecks.js';
import { DEFAULT_HEARTBEAT_MS, DEFAULT_IDLE_MS, DEFAULT_RESUME_WINDOW_MS, DEFAULT_STORAGE_KEY } from './defaults.js';
import type { ErrorSink } from './lib/safe.js';

/** Options of the capture layer (`createTrail({ capture })`); defaults in `capture/defaults.ts`. */
export interface CaptureOptions {
  /** No input for this long pauses time in tool; the idle gap is never counted. Default 60 s. */
  readonly idleMs?: number;
  /** Running totals are persisted this often; a crash loses at most this much. Default 5 s. */
  readonly heartbeatMs?: number;
  /** localStorage key for the open item's running totals. */
  readonly storageKey?: string;
  /** A reload within this long of the last save continues the item's count. Default 30 min. */
  readonly resumeWindowMs?: number;
  /** Where running totals live; `null` disables persistence. Default `window.localStorage`. */
  readonly storage?: Storage | null;
  /** Where this tab's id is kept, so that only its reload resumes its count. Default `window.sessionStorage`. */
  readonly tabStorage?: Storage | null;
  /** The window whose input, focus and visibility count. Default the global `window`. */
  readonly window?: Window;
  /** Receives failures of capture code, which never throws into the editor. */
  readonly onError?: ErrorSink;
}

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
