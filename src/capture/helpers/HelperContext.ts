import type { TrailEvent } from '../../events/schema.js';
import type { TrackFields } from '../../events/Tracker.js';
import type { EventType } from '../../events/taxonomy.js';
import type { ActionPlace } from './actions.js';

/** What every helper group emits through. */
export interface HelperContext {
  /** Tracks; what the tracker throws is reported, never thrown into the editor. */
  readonly track: (type: EventType, fields: TrackFields) => TrailEvent | undefined;
  /** The context and payload of an action at its place (see `placeFields`). */
  readonly place: (action: ActionPlace | undefined, extraPayload?: Record<string, unknown>) => TrackFields;
  /** The open item is being worked on: it is not idle. */
  readonly touch: () => void;
}
