// `labeltrail/types`: custom event types beside the built-in ones. Its own entry, so trails
// without custom types do not load the registration checks.
export { defineEventTypes } from '../events/defineEventTypes.js';
export { typeInfoOf } from '../events/typeInfoOf.js';
export { eventKinds, isEventKind } from '../events/taxonomy.js';
export type {
  CustomEventType,
  CustomEventTypes,
  DefinedEventTypes,
  PayloadProblem,
  PayloadOf,
  TypeName,
} from '../events/CustomEventType.js';
