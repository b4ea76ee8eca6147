import type { EventContext } from '../../events/schema.js';
import type { TrackFields, Tracker } from '../../events/Tracker.js';
import type { EventType } from '../../events/taxonomy.js';
import type { ErrorSink } from '../lib/safe.js';

/** How a detector reports: an event type, the frame it happened at, its payload and duration. */
export type VideoEmit = (
  type: EventType,
  frame: number | undefined,
  payload: Record<string, unknown>,
  durationMs?: number,
) => void;

/** Tracks detector reports with the open item's context, the video's own context and item. */
export function videoEmitter(
  tracker: Tracker,
  options: { readonly item?: string; readonly context?: Partial<EventContext> },
  baseContext: () => Partial<EventContext> | undefined,
  onError: ErrorSink,
): VideoEmit {
  return (type, frame, payload, durationMs) => {
    const context: Partial<EventContext> = { ...baseContext(), ...options.context };
    if (options.item !== undefined) context.item = options.item;
    if (frame !== undefined) context.frame = frame;
    const duration = durationMs === undefined ? {} : { durationMs: Math.max(0, Math.round(durationMs)) };
    const fields: TrackFields = { context, payload, ...duration };
    try {
      tracker.track(type, fields);
    } catch (error) {
      onError(error);
    }
  };
}
