import { guard, type ErrorSink } from '../lib/safe.js';
import type { HlsErrorData } from './errorDetector.js';

/** hls.js `Events.LEVEL_SWITCHED`: the level now being rendered (not merely requested). */
const HLS_LEVEL_SWITCHED = 'hlsLevelSwitched';
/** hls.js `Events.ERROR`. */
const HLS_ERROR = 'hlsError';

/** The fields of hls.js event data the watcher reads: `LEVEL_SWITCHED`'s level, `ERROR`'s detail. */
export interface HlsEventData extends HlsErrorData {
  readonly level?: number;
}

type HlsListener = (event: string, data: HlsEventData) => void;

/** The part of an hls.js instance the watcher calls. */
export interface HlsEvents {
  on(event: string, listener: HlsListener): void;
  off(event: string, listener: HlsListener): void;
}

/**
 * Listens to an hls.js instance's rendered level switches and errors; returns the remover.
 * hls.js passes the event's name first; it is checked, so one listener never reads another's data.
 */
export function listenHls(
  hls: HlsEvents | undefined,
  onLevel: (level: number) => void,
  onHlsError: (data: HlsEventData) => void,
  onError: ErrorSink,
): () => void {
  if (!hls) return () => {};
  const level: HlsListener = guard(onError, (e: string, data: HlsEventData) => {
    if (e === HLS_LEVEL_SWITCHED) onLevel(data?.level ?? -1);
  });
  const error: HlsListener = guard(onError, (e: string, data: HlsEventData) => {
    if (e === HLS_ERROR) onHlsError(data);
  });
  try {
    hls.on(HLS_LEVEL_SWITCHED, level);
    hls.on(HLS_ERROR, error);
  } catch (failure) {
    onError(failure);
  }
  return () => {
    hls.off(HLS_LEVEL_SWITCHED, level);
    hls.off(HLS_ERROR, error);
  };
}
