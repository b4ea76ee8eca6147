import type { Actor, EventContext, TrailEvent } from './schema.js';
import { eventTypes, isEventType, type EventType } from './taxonomy.js';
import type { TrackFields } from './Tracker.js';
import { TrailInputError } from './TrailInputError.js';
import { actorCheck, checked, contextCheck } from './lib/envelopeChecks.js';
import { trackedEvent } from './trackedEvent.js';
import type { CustomTypeEntry } from './lib/checkEventTypes.js';
import { uuidv7 } from '../lib/uuidv7.js';
import { utf8Length } from '../lib/utf8Length.js';

/**
 * Builds accepted events: the envelope (id, session, gap-free seq, wall and monotonic time)
 * around the trail's current actor and context, which are checked once when set rather
 * than again per event.
 */
export class EnvelopeBuilder {
  readonly session = uuidv7();
  readonly #started = performance.now();
  #seq = 0;
  // The page clock read at the last wall-clock millisecond seen (see #mono).
  #wallMs = -1;
  #mono = 0;

  #actor: Actor;
  #context: EventContext;
  readonly #maxPayloadBytes: number;
  readonly #types: ReadonlyMap<string, CustomTypeEntry> | undefined;

  constructor(
    actor: Actor,
    context: EventContext,
    maxPayloadBytes: number,
    types?: ReadonlyMap<string, CustomTypeEntry>,
  ) {
    this.#actor = actor;
    this.#context = context;
    this.#maxPayloadBytes = maxPayloadBytes;
    this.#types = types;
  }

  /**
   * The accepted event, or why it is refused. A refusal consumes no `seq`. `time` (wall-clock
   * ms, default now) is given only by the capture layer, for time counted before this page
   * (a recovered `item.duration`); `track()` takes none.
   */
  build(type: string, fields: TrackFields | undefined, time?: number): TrailEvent | TrailInputError {
    // A custom type's builder, or the built-in one (which takes only built-in types).
    const build = this.#types?.get(type) ?? (isEventType(type) ? trackedEvent : undefined);
    if (!build) return new TrailInputError('type', `unknown event type ${JSON.stringify(type)}`);
    if (fields !== undefined && (typeof fields !== 'object' || fields === null)) {
      return new TrailInputError('fields', 'must be an object', type);
    }
    if (fields?.payload !== undefined) {
      let size: number;
      try {
        size = utf8Length(JSON.stringify(fields.payload));
      } catch {
        return new TrailInputError('payload', 'is not serialisable as JSON', type);
      }
      if (size > this.#maxPayloadBytes)
        return new TrailInputError('payload', `is ${size} bytes, more than ${this.#maxPayloadBytes}`, type);
    }
    const { session } = this;
    const actor = this.#actor;
    const context = this.#context;
    const code = eventTypes[type as EventType]?.code ?? null;
    // One wall-clock read for the id and the time: each read costs as much as a small check.
    const now = Date.now();
    const mono = this.#monoAt(now);
    const id = uuidv7(now);
    const event = build(id, type as EventType, code, time ?? now, mono, session, this.#seq, actor, context, fields);
    if (!(event instanceof TrailInputError)) this.#seq++;
    return event;
  }

  /**
   * `mono` for an event at wall time `time`. The page clock is read once per wall-clock
   * millisecond: that read is the dearest part of an event in Chromium (it is clamped and
   * jittered), and `mono` serves clock-skew correction, where a millisecond is plenty. It
   * never decreases, since it only ever takes a new reading of a monotonic clock.
   */
  #monoAt(time: number): number {
    if (time !== this.#wallMs) {
      this.#wallMs = time;
      this.#mono = Math.round((performance.now() - this.#started) * 1000) / 1000;
    }
    return this.#mono;
  }

  /** Merges `patch` into the context of later events; on a bad patch keeps the context and says why. */
  setContext(patch: Partial<EventContext>): TrailInputError | undefined {
    const next = checked(() => contextCheck({ ...this.#context, ...patch }, 'context'));
    if (next instanceof TrailInputError) return next;
    this.#context = next;
    return undefined;
  }

  /** The actor later events carry (tabs of one actor count time in tool one at a time). */
  get actor(): Actor {
    return this.#actor;
  }

  /** The actor of later events; a bad one is kept out and returned as the reason. */
  setActor(actor: Actor): TrailInputError | undefined {
    const next = checked(() => actorCheck(actor, 'actor'));
    if (next instanceof TrailInputError) return next;
    this.#actor = next;
    return undefined;
  }
}
