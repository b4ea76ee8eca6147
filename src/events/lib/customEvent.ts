import type { Actor, EventContext, TrailEvent } from '../schema.js';
import type { EventKind, EventType } from '../taxonomy.js';
import type { TrackFields } from '../Tracker.js';
import { TrailInputError } from '../TrailInputError.js';
import { trackedEvent } from '../trackedEvent.js';
import type { Check } from './checks.js';
import { checked } from './envelopeChecks.js';

/**
 * Builds the accepted event of one custom type, or says why it is refused: what track()
 * gives a custom type, from the trail's envelope parts and the call's fields.
 */
export type CustomEventBuilder = (
  id: string,
  type: string,
  code: number | null,
  time: number,
  mono: number,
  session: string,
  seq: number,
  actor: Actor,
  context: EventContext,
  fields: TrackFields | undefined,
) => TrailEvent | TrailInputError;

/**
 * The builder of a custom type: the built-in event checks (fast path included) with no code,
 * then its category and kind after `code`, as the schema orders them, then its payload check.
 * It lives with defineEventTypes, so trails without custom types do not load it.
 */
export function customEvent(
  type: string,
  category: string,
  kind: EventKind,
  check: Check<void> | undefined,
): CustomEventBuilder {
  // `type` and `code` come from the trail too (the same signature as trackedEvent's), unused.
  return (id, _type, _code, time, mono, session, seq, actor, context, fields) => {
    const built = trackedEvent(id, type as EventType, null, time, mono, session, seq, actor, context, fields);
    if (built instanceof TrailInputError) return built;
    const { id: _id, type: _t, code, ...rest } = built;
    const event = { id, type, code, category, kind, ...rest } as TrailEvent;
    if (!check) return event;
    const refused = checked(() => check(event.payload, 'payload'), type);
    return refused instanceof TrailInputError ? refused : event;
  };
}
