// The browser API. Node-only code (the collector) has its own entry point.
export { createTrail, VERSION } from './createTrail.js';
export type { Trail, TypedTrail, TrailOptions, TrailStatus } from './createTrail.js';
export type { TrailObservable, PartialObserver } from './lib/TrailObservable.js';
export { eventTypes, isEventType } from './events/taxonomy.js';
// Custom types are defined with `labeltrail/types` (defineEventTypes), kept out of this entry.
export type { CustomEventType, CustomEventTypes, DefinedEventTypes } from './events/CustomEventType.js';
export type { EventType, EventTypeInfo, EventKind } from './events/taxonomy.js';
// The zod schema the checks mirror is `labeltrail/schema`: for endpoints, not the browser bundle.
export type { TrailEvent, Actor, EventContext, LabelRef } from './events/schema.js';
export type { TrackFields, Tracker } from './events/Tracker.js';
export { TrailError, isTrailError } from './TrailError.js';
export { TrailInputError, isTrailInputError } from './events/TrailInputError.js';
export { TrailConfigError, isTrailConfigError } from './TrailConfigError.js';
export { TrailStorageError, isTrailStorageError } from './queue/TrailStorageError.js';
export { TrailDeliveryError, isTrailDeliveryError } from './delivery/TrailDeliveryError.js';
export { TimerRecordError, isTimerRecordError } from './capture/time/TimerRecordError.js';
export type { TrailDeliveryCode } from './delivery/TrailDeliveryError.js';
export type { WireFormat, NativeBatch } from './delivery/formats.js';
export type { RejectedEvent, QueueLimits } from './queue/Queue.js';
export type { Capture, CaptureOptions } from './capture/attachCapture.js';
// Watching a video is `labeltrail/video` (watchVideo), fed through this extension point of time in tool.
export type { ItemTime, ItemTimeListener } from './capture/ItemTime.js';
