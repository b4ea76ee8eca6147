import type { TrailEvent } from './schema.js';
import { eventTypes, isEventType, type EventType } from './taxonomy.js';
import { TrailInputError } from './TrailInputError.js';
import { payloadChecks } from './payloadChecks.js';
import { count, email, fail, id, nonNegative, nullable, object, optional, record, Refusal, uuid, uuidV7, type Check } from './lib/checks.js';

const optionalId = optional(id);

const actorCheck = object({ id, email: optional(email) }, true);

const contextCheck = object(
  {
    project: optionalId,
    dataset: optionalId,
    item: optionalId,
    frame: optional(count),
    workflowStage: optionalId,
    branch: optionalId,
    job: optionalId,
    task: optionalId,
  },
  true,
);

const labelCheck = object({ id: optionalId, feature: optionalId, name: optionalId }, true);

const typeCheck: Check<EventType> = (v, path) => (isEventType(v) ? v : fail(path, `unknown event type ${JSON.stringify(v)}`));

const envelopeCheck = object(
  {
    id: uuidV7,
    type: typeCheck,
    code: nullable(count),
    time: count,
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
  try {
    const event = envelopeCheck(candidate, '') as TrailEvent;
    const expected = eventTypes[event.type].code;
    if (event.code !== expected) fail('code', `must be ${expected} for ${event.type} (its action number)`);
    payloadChecks[event.type]?.(event.payload, 'payload');
    return event;
  } catch (error) {
    const named = typeof type === 'string' ? type : undefined;
    if (error instanceof Refusal) return new TrailInputError(error.path, error.problem, named);
    // Input that throws while it is read (a getter, a Proxy) is refused like any bad input.
    return new TrailInputError('', `could not be read: ${error instanceof Error ? error.message : String(error)}`, named);
  }
}
