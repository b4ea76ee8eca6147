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
const CONTEXT_KEYS = ['project', 'dataset', 'item', 'frame', 'workflowStage', 'branch', 'job', 'task'] as const;
const LABEL_KEYS = ['id', 'feature', 'name'] as const;

const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= MAX_ID_LENGTH;

/** A plain object literal (or null-prototype object): anything else is left to the schema. */
function plain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Copies `input` keeping `keys` in that order, or undefined when it has any other key or
 * a key whose value `ok` refuses. Keys present with the value undefined are left to the schema.
 */
function copyStrict<K extends string>(
  input: Record<string, unknown>,
  keys: readonly K[],
  ok: (key: K, value: unknown) => boolean,
): Record<K, unknown> | undefined {
  let seen = 0;
  for (const key in input) {
    seen++;
    if (!(keys as readonly string[]).includes(key)) return undefined;
  }
  const out = {} as Record<K, unknown>;
  let copied = 0;
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(input, key)) continue;
    const value = input[key];
    if (value === undefined || !ok(key, value)) return undefined;
    out[key] = value;
    copied++;
  }
  return copied === seen ? out : undefined;
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

const contextValueOk = (key: string, v: unknown): boolean =>
  key === 'frame' ? typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 : isId(v);
const actorValueOk = (key: string, v: unknown): boolean => (key === 'id' ? isId(v) : isEmail(v));

/** The parts of an event `track()` fills in itself, valid by construction there. */
export interface Envelope {
  readonly id: string;
  readonly type: EventType;
  readonly code: number | null;
  readonly time: number;
  readonly mono: number;
  readonly session: string;
  readonly seq: number;
}

/** What a caller of `track()` supplies, merged with the trail's actor and context. */
export interface CallerParts {
  readonly actor: unknown;
  readonly context: unknown;
  readonly label?: unknown;
  readonly durationMs?: unknown;
  readonly payload?: unknown;
}

/**
 * The event the schema would produce from `envelope` + `parts`, or undefined when this fast
 * check is not sure (then run `validateEvent` on the same candidate). `envelope` must come
 * from `track()`: a UUIDv7 id and session, the type's own code, non-negative integer time
 * and seq, non-negative finite mono.
 */
export function fastEvent(envelope: Envelope, parts: CallerParts): TrailEvent | undefined {
  // Payloads have per-type shapes; events with one take the schema's path.
  if (parts.payload !== undefined) return undefined;
  if (!plain(parts.actor) || !plain(parts.context)) return undefined;
  const actor = copyStrict(parts.actor, ['id', 'email'], actorValueOk);
  if (!actor || actor.id === undefined) return undefined;
  const context = copyStrict(parts.context, CONTEXT_KEYS, contextValueOk);
  if (!context) return undefined;
  let label: Record<string, unknown> | undefined;
  if (parts.label !== undefined) {
    if (!plain(parts.label)) return undefined;
    label = copyStrict(parts.label, LABEL_KEYS, (_, v) => isId(v));
    if (!label) return undefined;
  }
  const duration = parts.durationMs;
  if (duration !== undefined && !(typeof duration === 'number' && Number.isFinite(duration) && duration >= 0)) return undefined;
  if (!payloadOptional(envelope.type)) return undefined;
  const event: Record<string, unknown> = {
    id: envelope.id,
    type: envelope.type,
    code: envelope.code,
    time: envelope.time,
    mono: envelope.mono,
    session: envelope.session,
    seq: envelope.seq,
    actor: actor as Actor,
    context: context as EventContext,
  };
  if (label) event.label = label as LabelRef;
  if (duration !== undefined) event.durationMs = duration;
  return event as TrailEvent;
}
