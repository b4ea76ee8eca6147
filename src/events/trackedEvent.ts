import type { Actor, EventContext, TrailEvent } from './schema.js';
import type { EventType } from './taxonomy.js';
import type { TrackFields } from './Tracker.js';
import type { TrailInputError } from './TrailInputError.js';
import { fastEvent } from './fastEvent.js';
import { payloadChecks } from './payloadChecks.js';
import { nonNegative, record } from './lib/checks.js';
import { actorCheck, checked, contextCheck, labelCheck } from './lib/envelopeChecks.js';

/**
 * The event `track()` accepts, or why it refuses. The envelope (`id` to `seq`) is track()'s
 * own and needs no check; `actor` and `context` are the trail's checked copies. The common
 * shapes go through the fast path; everything else is checked field by field with the
 * schema's rules (as `validateEvent` would check the whole candidate), and a refusal names
 * the field. Positional arguments: this runs for every event.
 */
export function trackedEvent(
  id: string,
  type: EventType,
  code: number | null,
  time: number,
  mono: number,
  session: string,
  seq: number,
  actor: Actor,
  context: EventContext,
  fields: TrackFields | undefined,
): TrailEvent | TrailInputError {
  if (fields?.payload === undefined && fields?.actor === undefined) {
    const event = fastEvent(
      id,
      type,
      code,
      time,
      mono,
      session,
      seq,
      actor,
      context,
      fields?.context,
      fields?.label,
      fields?.durationMs,
    );
    if (event) return event;
  }
  return checked(() => {
    const event: Record<string, unknown> = {
      id,
      type,
      code,
      time,
      mono,
      session,
      seq,
      actor: actorCheck(fields?.actor ?? actor, 'actor'),
      context: contextCheck(fields?.context ? { ...context, ...fields.context } : context, 'context'),
    };
    if (fields?.label !== undefined) event.label = labelCheck(fields.label, 'label');
    if (fields?.durationMs !== undefined) event.durationMs = nonNegative(fields.durationMs, 'durationMs');
    if (fields?.payload !== undefined) event.payload = record(fields.payload, 'payload');
    payloadChecks[type]?.(event.payload, 'payload');
    return event as TrailEvent;
  }, type);
}
