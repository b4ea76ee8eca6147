import * as z from 'zod/mini';
import { eventSchema } from './schema.js';
import { eventTypes } from './taxonomy.js';
import { MAX_ID_BYTES, MAX_PAYLOAD_BYTES, MAX_PAYLOAD_DEPTH } from './limits.js';

/** The event envelope as JSON Schema (draft 2020-12), for endpoint implementers. */
export function eventJsonSchema(): Record<string, unknown> {
  // The code-matches-type rule and the byte, text and payload limits are refinements JSON
  // Schema cannot express; the description says them in words instead. The custom-type rule
  // it can: a type outside the built-in list carries category and kind, and no code.
  const schema = z.toJSONSchema(eventSchema, { unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://labeltrail.dev/schema/event.schema.json',
    title: 'labeltrail event',
    description:
      'One labeltrail log event. `code` must equal the action number listed for `type` (null when none). ' +
      'A built-in type may carry its `category` and `kind`, which must then be the listed ones; any other ' +
      'well-formed type is a custom one and must carry both, with a null `code`. ' +
      `Ids, context values, label fields and actor.id are at most ${MAX_ID_BYTES} UTF-8 bytes, without control ` +
      'characters or lone surrogates. `payload` nests at most ' +
      `${MAX_PAYLOAD_DEPTH} levels and is at most ${MAX_PAYLOAD_BYTES} UTF-8 bytes as JSON.`,
    if: { properties: { type: { not: { enum: Object.keys(eventTypes) } } } },
    then: { required: ['category', 'kind'], properties: { code: { type: 'null' } } },
  };
}
