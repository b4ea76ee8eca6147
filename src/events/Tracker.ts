import type { Actor, EventContext, LabelRef, TrailEvent } from './schema.js';
import type { EventType } from './taxonomy.js';

/** What a caller may give `track()` besides the type; the rest of the envelope is filled in. */
export interface TrackFields<P extends object = Record<string, unknown>> {
  /** Merged over the trail's context for this event only. */
  readonly context?: Partial<EventContext>;
  readonly label?: LabelRef;
  readonly durationMs?: number;
  readonly payload?: P;
  /** Overrides the trail's actor for this event (a reviewer acting in another's session). */
  readonly actor?: Actor;
}

/** The one call capture adapters need: emit an event, get it back if accepted. */
export interface Tracker {
  track(type: EventType, fields?: TrackFields): TrailEvent | undefined;
}
