import { eventSchema, payloadSchemas, type TrailEvent } from './schema.js';
import { TrailInputError } from './TrailInputError.js';

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

function toInputError(issue: Issue | undefined, prefix: string, type: unknown): TrailInputError {
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  return new TrailInputError(path, issue?.message ?? 'invalid', typeof type === 'string' ? type : undefined);
}

/**
 * Checks a complete event against the envelope and its type's payload shape.
 * Returns the event, or the first problem found as a TrailInputError (never throws).
 */
export function validateEvent(candidate: unknown): TrailEvent | TrailInputError {
  const type = (candidate as { type?: unknown } | null)?.type;
  const result = eventSchema.safeParse(candidate);
  if (!result.success) return toInputError(result.error.issues[0], '', type);
  const event = result.data;
  const payloadSchema = payloadSchemas[event.type];
  if (payloadSchema) {
    const payload = payloadSchema.safeParse(event.payload);
    if (!payload.success) return toInputError(payload.error.issues[0], 'payload', event.type);
  }
  return event;
}
