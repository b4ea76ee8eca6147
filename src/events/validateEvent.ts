import type { TrailEvent } from './schema.js';
import { eventTypes, isEventType, type EventType } from './taxonomy.js';
import type { TrailInputError } from './TrailInputError.js';
import { payloadChecks } from './payloadChecks.js';
import {
  count,
  fail,
  nonNegative,
  nullable,
  object,
  optional,
  record,
  time,
  uuid,
  uuidV7,
  type Check,
} from './lib/checks.js';
import { actorCheck, checked, contextCheck, labelCheck } from './lib/envelopeChecks.js';

const typeCheck: Check<EventType> = (v, path) =>
  isEventType(v) ? v : fail(path, `unknown event type ${JSON.stringify(v)}`);

const envelopeCheck = object(
  {
    id: uuidV7,
    type: typeCheck,
    code: nullable(count),
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
 * found as a TrailInputError naming the field. Never throws.
 */
export function validateEvent(candidate: unknown): TrailEvent | TrailInputError {
  const type = (candidate as { type?: unknown } | null)?.type;
  return checked(
    () => {
      const event = envelopeCheck(candidate, '') as TrailEvent;
      const expected = eventTypes[event.type].code;
      if (event.code !== expected) fail('code', `must be ${expected} for ${event.type} (its action number)`);
      payloadChecks[event.type]?.(event.payload, 'payload');
      return event;
    },
    typeof type === 'string' ? type : undefined,
  );
}
