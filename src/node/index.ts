// `labeltrail/node`: the trail for Node (backends, workers, scripts), with its durable queue
// in a directory. Node only: it is never part of a browser bundle.
export { createTrail } from './createTrail.js';
export type { NodeTrail, NodeTrailOptions } from './createTrail.js';
export { FileQueue } from './FileQueue.js';
export { defineEventTypes } from '../events/defineEventTypes.js';
export { eventTypes, isEventType } from '../events/taxonomy.js';
export type { EventType, EventKind } from '../events/taxonomy.js';
export type { TrailEvent, Actor, EventContext, LabelRef } from '../events/schema.js';
export type { TrackFields } from '../events/Tracker.js';
export { TrailInputError, isTrailInputError } from '../events/TrailInputError.js';
export { TrailConfigError, isTrailConfigError } from '../TrailConfigError.js';
export { TrailStorageError, isTrailStorageError } from '../queue/TrailStorageError.js';
export { TrailDeliveryError, isTrailDeliveryError } from '../delivery/TrailDeliveryError.js';
