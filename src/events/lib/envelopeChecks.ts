// The checks of an event's caller-supplied parts, shared by `validateEvent` (whole events)
// and the trail, which checks its actor and context once, when they are set.
import { TrailInputError } from '../TrailInputError.js';
import { count, email, id, object, optional, Refusal } from './checks.js';

const optionalId = optional(id);

export const actorCheck = object({ id, email: optional(email) }, true);

export const contextCheck = object(
  {
    project: optionalId,
    dataset: optionalId,
    item: optionalId,
    frame: optional(count),
    workflowStage: optionalId,
    branch: optionalId,
    job: optionalId,
    task: optionalId,
    annotation: optionalId,
  },
  true,
);

export const labelCheck = object({ id: optionalId, feature: optionalId, name: optionalId }, true);

/**
 * Runs `read` (which checks and builds something); a refusal, or input that throws while it
 * is read (a getter, a Proxy), comes back as a TrailInputError naming the field.
 */
export function checked<T>(read: () => T, eventType?: string): T | TrailInputError {
  try {
    return read();
  } catch (error) {
    if (error instanceof Refusal) return new TrailInputError(error.path, error.problem, eventType);
    return new TrailInputError('', `could not be read: ${String(error)}`, eventType);
  }
}
