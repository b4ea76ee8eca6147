import * as z from 'zod/mini';
import type { Actor, EventContext, LabelRef, TrailEvent } from './schema.js';
import { payloadSchemas } from './schema.js';
import type { EventType } from './taxonomy.js';

// A fast path for the envelope `track()` builds, which the zod schema stays the definition
// of. Running the schema costs several microseconds per event in Chromium (most of `track()`),
// while the parts a caller supplies are a few short strings. This checks those parts with
// plain code and answers either "valid, here is the event" or "not sure": every input it is
// not sure about (anything unusual, invalid or not) goes to the schema, which decides and
// words the error. So it can only ever accept what the schema accepts, and it builds the same
// object the schema would (copies, keys in schema order). A unit test fuzzes both against
// each other.

const MAX_ID_LENGTH = 512; // as schema.ts

const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= MAX_ID_LENGTH;

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

// Email syntax is the schema's own check, run once per distinct address: an editor has one actor.
const emailSchema = z.email();
const EMAIL_CACHE_MAX = 64;
const emailOk = new Map<string, boolean>();
function isEmail(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  let ok = emailOk.get(v);
  if (ok === undefined) {
    if (emailOk.size >= EMAIL_CACHE_MAX) emailOk.clear();
    ok = emailSchema.safeParse(v).success;
    emailOk.set(v, ok);
  }
  return ok;
}

// Types whose payload shape requires a payload: without one, the schema words the error.
const payloadOptionalByType = new Map<EventType, boolean>();
function payloadOptional(type: EventType): boolean {
  let ok = payloadOptionalByType.get(type);
  if (ok === undefined) {
    ok = payloadSchemas[type]?.safeParse(undefined).success ?? true;
    payloadOptionalByType.set(type, ok);
  }
  return ok;
}

// The copies below read own keys once, check each value, and rebuild the object in the
// schema's key order. Any other key, or a key holding undefined, means "not sure".

function copyActor(input: Record<string, unknown>): Actor | undefined {
  let id: string | undefined;
  let email: string | undefined;
  for (const key in input) {
    const v = input[key];
    if (key === 'id' && isId(v)) id = v;
    else if (key === 'email' && isEmail(v)) email = v as string;
    else return undefined;
  }
  if (id === undefined) return undefined;
  return email === undefined ? { id } : { id, email };
}

/** `{ ...base, ...extra }` checked and copied in one pass, without building the merge first. */
function copyContext(base: Record<string, unknown>, extra: Record<string, unknown> | undefined): EventContext | undefined {
  let project, dataset, item, workflowStage, branch, job, task: string | undefined;
  let frame: number | undefined;
  for (let pass = 0; pass < 2; pass++) {
    const input = pass === 0 ? base : extra;
    if (!input) break;
    for (const key in input) {
      const v = input[key];
      if (key === 'frame') {
        if (!(typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)) return undefined;
        frame = v;
        continue;
      }
      if (!isId(v)) return undefined;
      switch (key) {
        case 'project': project = v; break;
        case 'dataset': dataset = v; break;
        case 'item': item = v; break;
        case 'workflowStage': workflowStage = v; break;
        case 'branch': branch = v; break;
        case 'job': job = v; break;
        case 'task': task = v; break;
        default: return undefined;
      }
    }
  }
  const out: { -readonly [K in keyof EventContext]: EventContext[K] } = {};
  if (project !== undefined) out.project = project;
  if (dataset !== undefined) out.dataset = dataset;
  if (item !== undefined) out.item = item;
  if (frame !== undefined) out.frame = frame;
  if (workflowStage !== undefined) out.workflowStage = workflowStage;
  if (branch !== undefined) out.branch = branch;
  if (job !== undefined) out.job = job;
  if (task !== undefined) out.task = task;
  return out;
}

function copyLabel(input: Record<string, unknown>): LabelRef | undefined {
  let id, feature, name: string | undefined;
  for (const key in input) {
    const v = input[key];
    if (!isId(v)) return undefined;
    if (key === 'id') id = v;
    else if (key === 'feature') feature = v;
    else if (key === 'name') name = v;
    else return undefined;
  }
  const out: { -readonly [K in keyof LabelRef]: LabelRef[K] } = {};
  if (id !== undefined) out.id = id;
  if (feature !== undefined) out.feature = feature;
  if (name !== undefined) out.name = name;
  return out;
}

/**
 * The event the schema would produce from the envelope `track()` fills in plus the caller's
 * parts; or undefined when this check is not sure (then build the candidate and run
 * `validateEvent`). The envelope must come from `track()`: a UUIDv7 `id` and `session`, the
 * type's own `code`, non-negative integer `time` and `seq`, non-negative finite `mono`.
 * `context` is the trail's; `extraContext` is merged over it as `{ ...context, ...extraContext }`
 * when truthy, as `track()` does. Positional arguments: this runs for every event, and an
 * envelope object would be one more allocation each time.
 */
export function fastEvent(
  id: string,
  type: EventType,
  code: number | null,
  time: number,
  mono: number,
  session: string,
  seq: number,
  actor: unknown,
  context: unknown,
  extraContext: unknown,
  label: unknown,
  durationMs: unknown,
): TrailEvent | undefined {
  if (!plain(actor) || !plain(context)) return undefined;
  if (extraContext && !plain(extraContext)) return undefined;
  const actorCopy = copyActor(actor);
  if (!actorCopy) return undefined;
  const contextCopy = copyContext(context, extraContext ? (extraContext as Record<string, unknown>) : undefined);
  if (!contextCopy) return undefined;
  let labelCopy: LabelRef | undefined;
  if (label !== undefined) {
    if (!plain(label)) return undefined;
    labelCopy = copyLabel(label);
    if (!labelCopy) return undefined;
  }
  if (durationMs !== undefined && !(typeof durationMs === 'number' && Number.isFinite(durationMs) && durationMs >= 0)) return undefined;
  if (!payloadOptional(type)) return undefined;
  // One literal per shape, keys in the schema's order: the same object the schema builds,
  // allocated at its final size (adding keys later would grow it).
  const d = durationMs as number | undefined;
  const event = labelCopy
    ? d === undefined
      ? { id, type, code, time, mono, session, seq, actor: actorCopy, context: contextCopy, label: labelCopy }
      : { id, type, code, time, mono, session, seq, actor: actorCopy, context: contextCopy, label: labelCopy, durationMs: d }
    : d === undefined
      ? { id, type, code, time, mono, session, seq, actor: actorCopy, context: contextCopy }
      : { id, type, code, time, mono, session, seq, actor: actorCopy, context: contextCopy, durationMs: d };
  return event as TrailEvent;
}
