// What track() builds must be what the schema builds: the fast path accepts only what the
// schema accepts, and the whole answer (fast path, then field checks) accepts the same events,
// builds the same objects and names a field the schema names when it refuses. Random inputs,
// valid and invalid, from a fixed seed.
import { expect, test } from 'vitest';
import { fastEvent } from '../../src/events/fastEvent.js';
import { trackedEvent } from '../../src/events/trackedEvent.js';
import { actorCheck, checked, contextCheck } from '../../src/events/lib/envelopeChecks.js';
import { TrailInputError } from '../../src/events/TrailInputError.js';
import { bySchema, randomInput } from '../support/randomInput.js';
import { eventTypes, type EventType } from '../../src/events/taxonomy.js';
import { uuidv7 } from '../../src/lib/uuidv7.js';
import { checkEventTypes } from '../../src/events/lib/checkEventTypes.js';
import { customPayloadCheck } from '../../src/events/lib/customPayloadCheck.js';
import type { CustomEventTypes } from '../../src/events/CustomEventType.js';

// Custom types as a trail registers them: one with a payload check naming a field, one
// answering a sentence, one without a check.
const definitions = {
  'project.exported': {
    category: 'project',
    kind: 'create',
    payload: (p?: { format?: unknown }) =>
      p?.format === undefined || typeof p.format === 'string'
        ? undefined
        : { field: 'format', problem: 'must be text' },
  },
  'model.inference': {
    category: 'model',
    kind: 'create',
    payload: (p?: { items?: unknown }) => (p === undefined ? 'is required' : undefined),
  },
  'user.login': { category: 'user', kind: 'session' },
} as const satisfies CustomEventTypes;
const customTypes = checkEventTypes(definitions);
const customNames = [...customTypes.keys()] as (keyof typeof definitions)[];

/** The schema's answer, then the custom type's own payload check (the sender's rule) on what it built. */
function byCustomSchema(candidate: Record<string, unknown>, type: string): ReturnType<typeof bySchema> {
  const schema = bySchema(candidate);
  const spec = (definitions as CustomEventTypes)[type];
  if (!('event' in schema) || !spec?.payload) return schema;
  const check = customPayloadCheck(spec.payload.bind(spec));
  const refused = checked(() => check(schema.event.payload, 'payload'));
  return refused instanceof TrailInputError ? { paths: [refused.field] } : schema;
}

const ROUNDS = 20_000;
const { random, pick, anyValue, idLike, randomObject, edgePayload } = randomInput(20240611);
const types = Object.keys(eventTypes) as EventType[];

const contextKeys = ['project', 'dataset', 'item', 'frame', 'workflowStage', 'branch', 'job', 'task'];
const emails = ['ann@example.com', 'not-an-email', 'a@b', '', 'x@y.org'];

test('fastEvent accepts only what the schema accepts, and builds the same event', () => {
  let fast = 0;
  let schemaValid = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const type = random() < 0.6 ? 'label.added' : pick(types);
    const envelope = {
      id: uuidv7(),
      type,
      code: eventTypes[type].code,
      time: Date.now(),
      mono: Math.round(random() * 1e6) / 1000,
      session: uuidv7(),
      seq: round,
    };
    const actor = randomObject(['id', 'email'], (k) =>
      k === 'email' ? (random() < 0.8 ? pick(emails) : anyValue()) : idLike(),
    );
    const contextValue = (k: string) =>
      k === 'frame' ? (random() < 0.7 ? Math.floor(random() * 100) : anyValue()) : idLike();
    // The trail's own context (usually plain and valid), and what the call adds over it.
    const base =
      random() < 0.8 ? { project: 'p1', workflowStage: 'annotate' } : randomObject(contextKeys, contextValue);
    const extra = random() < 0.8 ? randomObject(contextKeys, contextValue) : pick([undefined, null, 0, '', 'abc', []]);
    const label = random() < 0.6 ? randomObject(['id', 'feature', 'name'], idLike) : undefined;
    const durationMs = random() < 0.5 ? (random() < 0.8 ? random() * 1e4 : anyValue()) : undefined;
    const payload = random() < 0.1 ? { count: 1, reason: 'x' } : undefined;
    // The candidate exactly as track() builds it.
    const candidate: Record<string, unknown> = {
      ...envelope,
      actor,
      context: extra ? { ...(base as object), ...(extra as object) } : base,
    };
    if (label !== undefined) candidate.label = label;
    if (durationMs !== undefined) candidate.durationMs = durationMs;
    if (payload !== undefined) candidate.payload = payload;
    const schema = bySchema(candidate);
    // The trail hands the fast path its actor and context as checked copies; a trail never
    // holds ones the checks refuse.
    const actorCopy = checked(() => actorCheck(actor, 'actor'));
    const baseCopy = checked(() => contextCheck(base, 'context'));
    const trusted = !(actorCopy instanceof TrailInputError) && !(baseCopy instanceof TrailInputError);
    const byFast =
      payload === undefined && trusted
        ? fastEvent(
            envelope.id,
            envelope.type,
            envelope.code,
            envelope.time,
            envelope.mono,
            envelope.session,
            envelope.seq,
            actorCopy,
            baseCopy,
            extra,
            label,
            durationMs,
          )
        : undefined;
    if ('event' in schema) schemaValid++;
    if (byFast === undefined) continue;
    fast++;
    expect(schema).toHaveProperty('event');
    expect(byFast).toStrictEqual((schema as { event: unknown }).event);
    // Key order is not compared: the fast path keeps the order the keys came in (the
    // trail's context, then the call's), where the schema lists them in its own order.
  }
  // The fast path must actually carry the common shapes, or it buys nothing.
  expect(schemaValid).toBeGreaterThan(ROUNDS / 20);
  expect(fast).toBeGreaterThan(schemaValid / 2);
});

test("the fast event is a copy: changing the caller's objects or the trail's later does not change it", () => {
  const label = { id: 'obj-1', name: 'Car' };
  const actor = { id: 'u-1' };
  const context = { item: 'a' };
  const event = fastEvent(
    uuidv7(),
    'label.added',
    eventTypes['label.added'].code,
    1,
    0,
    uuidv7(),
    0,
    actor,
    context,
    undefined,
    label,
    undefined,
  )!;
  label.name = 'Bus';
  actor.id = 'u-2';
  context.item = 'b';
  expect(event.label?.name).toBe('Car');
  expect(event.actor.id).toBe('u-1');
  expect(event.context.item).toBe('a');
});

test('trackedEvent answers every call as the schema answers its candidate', () => {
  const payloads = [
    () => ({ count: 1, reason: 'queue_full' }),
    () => ({ durationMs: 5, seconds: 0, editingMs: 0, touched: pick([true, 'yes']) }),
    () => ({ fromFrame: 1, toFrame: pick([2, -2]), durationMs: 3 }),
    () => ({ note: pick(['x', 1, null]) }),
    () => pick([[], null, 'x', new Date()]),
    () => ({ format: pick(['coco', 7, undefined]) }),
    edgePayload,
  ];
  let valid = 0;
  let refused = 0;
  let validCustom = 0;
  let refusedCustom = 0;
  for (let round = 0; round < ROUNDS / 2; round++) {
    const roll = random();
    const type: string = roll < 0.4 ? 'label.added' : roll < 0.75 ? pick(types) : pick(customNames);
    const custom = customTypes.get(type);
    const spec = (definitions as CustomEventTypes)[type];
    const envelope = {
      id: uuidv7(),
      type,
      code: custom ? null : eventTypes[type as EventType].code,
      ...(spec && { category: spec.category, kind: spec.kind }),
      time: Date.now(),
      mono: Math.round(random() * 1e6) / 1000,
      session: uuidv7(),
      seq: round,
    };
    const actor = { id: 'u-1', email: 'ann@example.com' };
    const base = { project: 'p1', workflowStage: 'annotate' };
    const fields: Record<string, unknown> = {};
    const contextValue = (k: string) =>
      k === 'frame' ? (random() < 0.7 ? Math.floor(random() * 100) : anyValue()) : idLike();
    if (random() < 0.7) fields.context = randomObject(contextKeys, contextValue);
    if (random() < 0.5) fields.label = randomObject(['id', 'feature', 'name'], idLike);
    if (random() < 0.3) fields.durationMs = random() < 0.8 ? random() * 1e4 : anyValue();
    if (random() < 0.2) fields.actor = randomObject(['id', 'email'], (k) => (k === 'email' ? pick(emails) : idLike()));
    if (random() < 0.3) fields.payload = pick(payloads)();
    // The candidate as the fields describe it: the call's actor or the trail's, the call's
    // context over the trail's.
    const candidate: Record<string, unknown> = {
      ...envelope,
      actor: fields.actor ?? actor,
      context: fields.context ? { ...base, ...(fields.context as object) } : base,
    };
    for (const key of ['label', 'durationMs', 'payload']) if (fields[key] !== undefined) candidate[key] = fields[key];
    const schema = byCustomSchema(candidate, type);
    const { id, time, mono, session, seq } = envelope;
    // A custom type's events come from its builder (what track() calls for it), the others from trackedEvent.
    const answer = custom
      ? custom(id, type, null, time, mono, session, seq, actor, base, fields)
      : trackedEvent(id, type as EventType, envelope.code, time, mono, session, seq, actor, base, fields);
    if ('event' in schema) {
      valid++;
      if (custom) validCustom++;
      expect(answer).toStrictEqual(schema.event);
      // Key order too, for custom ones (built-in ones keep the context keys in call order).
      if (custom) expect(Object.keys(answer)).toEqual(Object.keys(schema.event));
    } else {
      refused++;
      if (custom) refusedCustom++;
      expect(answer).toBeInstanceOf(TrailInputError);
      expect(schema.paths).toContain((answer as TrailInputError).field);
    }
  }
  expect(valid).toBeGreaterThan(ROUNDS / 20);
  expect(refused).toBeGreaterThan(ROUNDS / 20);
  expect(validCustom).toBeGreaterThan(ROUNDS / 100);
  expect(refusedCustom).toBeGreaterThan(ROUNDS / 100);
});
