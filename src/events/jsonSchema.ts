import * as z from 'zod/mini';
import { eventSchema } from './schema.js';

/** The event envelope as JSON Schema (draft 2020-12), for endpoint implementers. */
export function eventJsonSchema(): Record<string, unknown> {
  // The code-matches-type rule is a refinement JSON Schema cannot express; the
  // description says it in words instead.
  const schema = z.toJSONSchema(eventSchema, { unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://labeltrail.dev/schema/event.schema.json',
    title: 'labeltrail event',
    description: 'One labeltrail log event. `code` must equal the action number listed for `type` (null when none).',
  };
}
