import type { TrailEvent } from './schema.js';
import { eventKinds, type EventType } from './taxonomy.js';
import { CATEGORY_PROBLEM, isCategoryName, isTypeName, TYPE_NAME_PROBLEM } from './limits.js';
import { typeRules } from './lib/typeRules.js';
import type { TrailInputError } from './TrailInputError.js';
import { payloadChecks } from './payloadChecks.js';
import {
  count,
  fail,
  nonNegative,
  nullable,
  object,
  oneOf,
  optional,
  record,
  time,
  uuid,
  uuidV7,
  type Check,
} from './lib/checks.js';
import { actorCheck, checked, contextCheck, labelCheck } from './lib/envelopeChecks.js';

// Any well-formed name: a receiver stores custom types it has never heard of.
const typeCheck: Check<string> = (v, path) =>
  isTypeName(v)
    ? v
    : fail(path, `${TYPE_NAME_PROBLEM}, got ${typeof v === 'string' ? JSON.stringify(v.slice(0, 80)) : typeof v}`);

const categoryCheck: Check<string> = (v, path) => (isCategoryName(v) ? v : fail(path, CATEGORY_PROBLEM));

const envelopeCheck = object(
  {
    id: uuidV7,
    type: typeCheck,
    code: nullable(count),
    category: optional(categoryCheck),
    kind: optional(oneOf(eventKinds)),
    time,
    mono: nonNegative,
    session: uuid,
    seq: count,
    actor: actorCheck,
    context: contextCheck,
    label: optional(labelCheck),
    durationMs: optional(nonNegative),
    payload: optional(record),
  },
  true,
);

/**
 * Checks a complete event against the envelope and its type's payload shape (the rules of
 * `eventSchema` and `payloadSchemas`). Returns a copy of the event, or the first problem
 * found as a TrailInputError naming the field. Never throws. Any well-formed custom type
 * passes when it carries its category and kind (its payload check is the sender's).
 *
 * @example
 * const result = validateEvent(JSON.parse(body));
 * if (result instanceof TrailInputError) reject(result.field, result.problem);
 */
export function validateEvent(candidate: unknown): TrailEvent | TrailInputError {
  const type = (candidate as { type?: unknown } | null)?.type;
  return checked(
    () => {
      const event = envelopeCheck(candidate, '') as TrailEvent;
      const problem = typeRules(event)[0];
      if (problem) fail(...problem);
      payloadChecks[event.type as EventType]?.(event.payload, 'payload');
      return event;
    },
    typeof type === 'string' ? type : undefined,
  );
}
