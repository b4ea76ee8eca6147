import type { Actor, EventContext, TrailEvent } from '../events/schema.js';
import { eventTypes, isEventType, type EventType } from '../events/taxonomy.js';
import type { TrackFields } from '../events/Tracker.js';
import { TrailInputError } from '../events/TrailInputError.js';
import { actorCheck, checked, contextCheck } from '../events/lib/envelopeChecks.js';
import type { CustomTypeEntry } from '../events/lib/checkEventTypes.js';
import { trackedEvent } from '../events/trackedEvent.js';
import { uuidv7 } from '../lib/uuidv7.js';
import { utf8Length } from '../lib/utf8Length.js';

/**
 * Builds a Node trail's events as the browser trail does: id, session, gap-free seq, wall and
 * monotonic time around the current actor and context (checked when set), and the same
 * checks, built-in and custom types alike.
 */
export class NodeEnvelope {
  readonly session = uuidv7();
  readonly #started = performance.now();
  #seq = 0;

  constructor(
    private actor: Actor,
    private context: EventContext,
    private readonly maxPayloadBytes: number,
    private readonly types: ReadonlyMap<string, CustomTypeEntry> | undefined,
  ) {}

  /** The accepted event, or why it is refused. A refusal consumes no `seq`. */
  build(type: string, fields: TrackFields | undefined): TrailEvent | TrailInputError {
    const build = this.types?.get(type) ?? (isEventType(type) ? trackedEvent : undefined);
    if (!build) return new TrailInputError('type', `unknown event type ${JSON.stringify(type)}`);
    if (fields !== undefined && (typeof fields !== 'object' || fields === null))
      return new TrailInputError('fields', 'must be an object', type);
    if (fields?.payload !== undefined) {
      const size = utf8Length(JSON.stringify(fields.payload) ?? '');
      if (size > this.maxPayloadBytes)
        return new TrailInputError('payload', `is ${size} bytes, more than ${this.maxPayloadBytes}`, type);
    }
    const mono = Math.round((performance.now() - this.#started) * 1000) / 1000;
    const code = eventTypes[type as EventType]?.code ?? null;
    const event = build(
      uuidv7(),
      type as EventType,
      code,
      Date.now(),
      mono,
      this.session,
      this.#seq,
      this.actor,
      this.context,
      fields,
    );
    if (!(event instanceof TrailInputError)) this.#seq++;
    return event;
  }

  /** Merges `patch` into the context of later events; a bad patch is returned and changes nothing. */
  setContext(patch: Partial<EventContext>): TrailInputError | undefined {
    const next = checked(() => contextCheck({ ...this.context, ...patch }, 'context'));
    if (next instanceof TrailInputError) return next;
    this.context = next;
    return undefined;
  }

  /** The actor of later events; a bad one is returned and changes nothing. */
  setActor(actor: Actor): TrailInputError | undefined {
    const next = checked(() => actorCheck(actor, 'actor'));
    if (next instanceof TrailInputError) return next;
    this.actor = next;
    return undefined;
  }
}
