// `labeltrail/schema`: the event schema (zod) and the words for each type, for endpoints,
// tools and documentation. The browser entry checks events without loading these.
export { eventSchema, payloadSchemas } from './events/schema.js';
export type { TrailEvent, Actor, EventContext, LabelRef } from './events/schema.js';
export { eventDescriptions } from './events/eventDescriptions.js';
export { eventJsonSchema } from './events/jsonSchema.js';
