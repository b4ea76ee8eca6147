import type { TrailEvent } from '../events/schema.js';
import type { EventType } from '../events/taxonomy.js';
import type { TrackFields, Tracker } from '../events/Tracker.js';

/**
 * The tracker the capture layer is attached to. A trail gives `trackAt` besides `track`: an
 * event dated at a wall-clock time of its own, for time counted before this page (a recovered
 * `item.duration`). Internal: the public `track()` takes no time.
 */
export interface CaptureTracker extends Tracker {
  trackAt?(type: EventType, fields: TrackFields, time: number): TrailEvent | undefined;
}
