import { fastEvent } from '../../events/fastEvent.js';
import { isCount, isMeasure, isTime, isUuid, isUuidV7 } from '../../events/lib/checks.js';
import { actorCheck } from '../../events/lib/envelopeChecks.js';
import type { TrailEvent } from '../../events/schema.js';
import { eventTypes, isEventType } from '../../events/taxonomy.js';
import type { TrailInputError } from '../../events/TrailInputError.js';
import { validateEvent } from '../../events/validateEvent.js';

const NO_CONTEXT = {};

/**
 * The event the schema would build from a common received envelope (no payload, only the
 * envelope's keys, every value of the expected kind), or undefined when not sure.
 */
function commonEvent(candidate: unknown): TrailEvent | undefined {
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const proto = Object.getPrototypeOf(candidate) as unknown;
  if (proto !== Object.prototype && proto !== null) return undefined;
  let id, type, code, time, mono, session, seq, actor, context, label, durationMs: unknown;
  // for-in reads inherited enumerable keys too: a polluted prototype shows up as an unknown key.
  for (const key in candidate) {
    const value = (candidate as Record<string, unknown>)[key];
    switch (key) {
      case 'id':
        id = value;
        break;
      case 'type':
        type = value;
        break;
      case 'code':
        code = value;
        break;
      case 'time':
        time = value;
        break;
      case 'mono':
        mono = value;
        break;
      case 'session':
        session = value;
        break;
      case 'seq':
        seq = value;
        break;
      case 'actor':
        actor = value;
        break;
      case 'context':
        context = value;
        break;
      case 'label':
        label = value;
        break;
      case 'durationMs':
        durationMs = value;
        break;
      default:
        return undefined; // payload, or a key the schema refuses
    }
  }
  if (!isUuidV7(id)) return undefined;
  if (!isEventType(type) || code !== eventTypes[type].code) return undefined;
  if (!isTime(time) || !isCount(seq) || !isMeasure(mono)) return undefined;
  if (!isUuid(session)) return undefined;
  // The fast path takes a checked copy of the actor; the received context goes in as a call's
  // context over an empty one, which the fast path checks itself (an absent one is refused).
  if (!context) return undefined;
  let actorCopy;
  try {
    actorCopy = actorCheck(actor, 'actor');
  } catch {
    return undefined;
  }
  return fastEvent(
    id,
    type,
    code as number | null,
    time,
    mono,
    session,
    seq,
    actorCopy,
    NO_CONTEXT,
    context,
    label,
    durationMs,
  );
}

/**
 * `validateEvent` for received events: the same answer, event or error, but the common
 * envelope goes through `track()`'s one-pass fast path first, several times faster than
 * the field-by-field check (the largest share of ingest time after the database). Anything
 * unusual, valid or not, and every event with a payload goes to `validateEvent`, which
 * decides and words the error.
 */
export function checkEvent(candidate: unknown): TrailEvent | TrailInputError {
  return commonEvent(candidate) ?? validateEvent(candidate);
}
