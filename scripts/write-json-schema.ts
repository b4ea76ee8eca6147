// Writes schema/event.schema.json, the envelope as JSON Schema for endpoint implementers.
import { writeFileSync } from 'node:fs';
import { eventJsonSchema } from '../src/events/jsonSchema.js';

writeFileSync(
  new URL('../schema/event.schema.json', import.meta.url),
  `${JSON.stringify(eventJsonSchema(), null, 2)}\n`,
);
