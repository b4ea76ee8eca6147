import type { Actor, EventContext, LabelRef, TrailEvent } from './schema.js';
import type { EventType } from './taxonomy.js';
import { isEmail as isEmailSyntax, isId } from './lib/checks.js';
import { payloadChecks } from './payloadChecks.js';

// A fast path for the envelope `track()` builds. `validateEvent` walks the whole envelope and
// builds it key by key; here the envelope is `track()`'s own and only the parts a caller
// supplies (a few short strings) are checked, in one pass, with the event allocated at its
// final shape. It answers either "valid, here is the event" or "not sure": every input it is
// not sure about (anything unusual, invalid or not) goes to `validateEvent`, which decides
// and words the error. So it can only ever accept what the schema accepts, and it builds the
// same object (copies, keys in schema order). A unit test fuzzes it against the schema.

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

// Email syntax is checked once per distinct address: an editor has one actor.
const EMAIL_CACHE_MAX = 64;
const emailOk = new Map<string, boolean>();
function isEmail(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  let ok = emailOk.get(v);
  if (ok === undefined) {
    if (emailOk.size >= EMAIL_CACHE_MAX) emailOk.clear();
    ok = isEmailSyntax(v);
    emailOk.set(v, ok);
  }
  return ok;
}

// Types whose payload shape requires a payload: without one, validateEvent words the error.
const payloadOptional = (type: EventType): boolean => {
  const check = payloadChecks[type];
  return check === undefined || check.optional === true;
};

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
