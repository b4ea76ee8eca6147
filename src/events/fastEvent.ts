import type { Actor, EventContext, LabelRef, TrailEvent } from './schema.js';
import type { EventType } from './taxonomy.js';
import { isCount, isId, isMeasure } from './lib/checks.js';
import { payloadChecks } from './payloadChecks.js';

// A fast path for events whose envelope is already known good (`track()`'s own, or one the
// collector has checked) and whose actor and context are checked copies: only the parts a
// call adds (context keys, a label, a duration; a few short strings) are checked, in one
// pass, with the event allocated at its final shape. It answers either "valid, here is the
// event" or "not sure": every input it is not sure about (anything unusual, invalid or not)
// goes to the field-by-field checks, which decide and word the error. So it can only ever
// accept what the schema accepts, and it builds the same object (copies, the same keys and
// values; context keys in the order they came). A unit test fuzzes it against the schema.

/**
 * A plain object literal (or null-prototype object): anything else is left to the schema.
 * Keys are read with for-in: an inherited enumerable key (a polluted prototype) is an
 * unknown key here, so such input goes to the schema.
 */
function plain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

// Types whose payload shape requires a payload: without one, the field checks word the error.
const payloadOptional = (type: EventType): boolean => {
  const check = payloadChecks[type];
  return check === undefined || check.optional === true;
};

// The keys a call's context or label may hold with an id value; `frame` (a count) is the
// context's only other key.
const CONTEXT_IDS = new Set(['project', 'dataset', 'item', 'workflowStage', 'branch', 'job', 'task', 'annotation']);
const LABEL_IDS = new Set(['id', 'feature', 'name']);
// Spread when a call adds no context: one shared object, not a new one per event.
const NO_EXTRA: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * A copy of a call's context (`ids` CONTEXT_IDS) or label (LABEL_IDS), each key read once and
 * checked; undefined ("not sure") for any other key, or a key holding undefined.
 */
function copy(input: Record<string, unknown>, ids: Set<string>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const key in input) {
    const v = input[key];
    if (ids.has(key) ? !isId(v) : !(key === 'frame' && ids === CONTEXT_IDS && isCount(v))) return undefined;
    out[key] = v;
  }
  return out;
}

/**
 * The event the schema would produce from a known-good envelope plus a call's parts; or
 * undefined when this check is not sure. The envelope: a UUIDv7 `id` and UUID `session`, the
 * type's own `code`, non-negative integer `time` and `seq`, non-negative finite `mono`.
 * `actor` and `context` must be checked copies (`actorCheck`, `contextCheck`); they are copied
 * again, not checked. `extraContext`, when truthy, is merged over `context` as `track()` does.
 * Positional arguments: this runs for every event, and an envelope object would be one more
 * allocation each time.
 */
export function fastEvent(
  id: string,
  type: EventType,
  code: number | null,
  time: number,
  mono: number,
  session: string,
  seq: number,
  actor: Actor,
  context: EventContext,
  extraContext: unknown,
  label: unknown,
  durationMs: unknown,
): TrailEvent | undefined {
  const extra = extraContext ? plain(extraContext) && copy(extraContext, CONTEXT_IDS) : NO_EXTRA;
  if (!extra) return undefined;
  const contextCopy: EventContext = { ...context, ...extra };
  let labelCopy: LabelRef | undefined;
  if (label !== undefined) {
    labelCopy = plain(label) ? copy(label, LABEL_IDS) : undefined;
    if (!labelCopy) return undefined;
  }
  if (durationMs !== undefined && !isMeasure(durationMs)) return undefined;
  if (!payloadOptional(type)) return undefined;
  // One literal per shape, keys in the schema's order: the same object the schema builds,
  // allocated at its final size (adding keys later would grow it).
  const actorCopy = { ...actor };
  const d = durationMs as number | undefined;
  const event = labelCopy
    ? d === undefined
      ? { id, type, code, time, mono, session, seq, actor: actorCopy, context: contextCopy, label: labelCopy }
      : {
          id,
          type,
          code,
          time,
          mono,
          session,
          seq,
          actor: actorCopy,
          context: contextCopy,
          label: labelCopy,
          durationMs: d,
        }
    : d === undefined
      ? { id, type, code, time, mono, session, seq, actor: actorCopy, context: contextCopy }
      : { id, type, code, time, mono, session, seq, actor: actorCopy, context: contextCopy, durationMs: d };
  return event as TrailEvent;
}
