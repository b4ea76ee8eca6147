// `labeltrail/schema`: the event schema (zod) and the words for each type, for endpoints,
// tools and documentation, and `validateEvent`, the same rules as plain code (no zod) for
// checking whole events. The browser entry checks what `track()` builds without these.
export { validateEvent } from './events/validateEvent.js';
export { eventSchema, payloadSchemas } from './events/schema.js';
export type { TrailEvent, Actor, EventContext, LabelRef } from './events/schema.js';
export { eventDescriptions } from './events/eventDescriptions.js';
export { eventJsonSchema } from './events/jsonSchema.js';
export { typeInfoOf } from './events/typeInfoOf.js';
