import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { eventJsonSchema } from '../../src/events/jsonSchema.js';
import { TrailInputError } from '../../src/events/TrailInputError.js';
import { validateEvent } from '../../src/events/validateEvent.js';
import { uuidv7 } from '../../src/lib/uuidv7.js';
import { eventKinds, eventTypes, isEventType, type EventType } from '../../src/events/taxonomy.js';
import { bySchema, randomInput } from '../support/randomInput.js';
import { payloadSchemas } from '../../src/events/schema.js';

function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: uuidv7(),
    type: 'label.added',
    code: 0,
    time: 1_700_000_000_000,
    mono: 12.5,
    session: uuidv7(),
    seq: 0,
    actor: { id: 'u-17', email: 'ann@example.com' },
    context: { project: 'p1', item: 'img-3', frame: 12 },
    label: { id: 'obj-9', feature: 'f-car', name: 'Car' },
    durationMs: 5400,
    ...overrides,
  };
}

function deep(depth: number): Record<string, unknown> {
  let o: Record<string, unknown> = {};
  for (let d = 1; d < depth; d++) o = { n: o };
  return o;
}

function problem(candidate: unknown): TrailInputError {
  const result = validateEvent(candidate);
  if (!(result instanceof TrailInputError)) throw new Error('expected a refusal');
  return result;
}

test('a complete event passes unchanged', () => {
  const e = event();
  expect(validateEvent(e)).toEqual(e);
});

test.each([
  [{ type: 'Label.Exploded' }, 'type'],
  [{ type: 'label' }, 'type'],
  [{ type: `project.${'x'.repeat(57)}` }, 'type'],
  // A well-formed name outside the taxonomy is a custom type: it must say its category and kind.
  [{ type: 'label.exploded', code: null }, 'category'],
  [{ type: 'project.exported', code: null, category: 'project' }, 'kind'],
  [{ type: 'project.exported', code: 0, category: 'project', kind: 'create' }, 'code'],
  [{ type: 'project.exported', code: null, category: 'Project', kind: 'create' }, 'category'],
  [{ type: 'project.exported', code: null, category: 'p'.repeat(33), kind: 'create' }, 'category'],
  [{ type: 'project.exported', code: null, category: 'project', kind: 'exported' }, 'kind'],
  // A built-in type may carry its category and kind, but only its own.
  [{ category: 'review' }, 'category'],
  [{ kind: 'delete' }, 'kind'],
  [{ code: 1 }, 'code'],
  [{ id: 'not-a-uuid' }, 'id'],
  [{ seq: -1 }, 'seq'],
  [{ seq: 1.5 }, 'seq'],
  [{ time: '2024-01-01' }, 'time'],
  [{ actor: { email: 'x@example.com' } }, 'actor.id'],
  [{ actor: { id: 'u', email: 'not an email' } }, 'actor.email'],
  [{ context: { frame: -2 } }, 'context.frame'],
  [{ context: { itme: 'typo' } }, 'context'],
  [{ label: { id: 'x'.repeat(600) } }, 'label.id'],
  [{ durationMs: -5 }, 'durationMs'],
  [{ extra: true }, ''],
  // The shared limits (src/events/limits.ts): what the collector could not store.
  [{ label: { name: 'Car\u0000' } }, 'label.name'],
  [{ context: { item: 'img\u0000' } }, 'context.item'],
  [{ actor: { id: 'u\u0000' } }, 'actor.id'],
  [{ context: { project: '車'.repeat(512) } }, 'context.project'],
  [{ context: { dataset: '車'.repeat(86) } }, 'context.dataset'],
  [{ label: { id: 'x\udfff' } }, 'label.id'],
  [{ actor: { id: '\ud83d' } }, 'actor.id'],
  [{ durationMs: 1.7e308 }, 'durationMs'],
  [{ time: 8_640_000_000_000_001 }, 'time'],
  [{ time: 2 ** 53 - 1 }, 'time'],
  [{ mono: 1e300 }, 'mono'],
  [{ type: 'item.opened', code: null, label: undefined, payload: { s: '車'.repeat(2731) } }, 'payload'],
  [
    {
      type: 'item.duration',
      code: null,
      label: undefined,
      payload: { durationMs: 1.7e308, seconds: 1, editingMs: 0, touched: true },
    },
    'payload.durationMs',
  ],
])('refuses %j naming %s', (overrides, field) => {
  const error = problem(event(overrides));
  expect(error.field).toBe(field);
  expect(error.problem.length).toBeGreaterThan(0);
  expect(error.message).toContain(error.problem);
});

test('refuses a payload nested 5000 or 33 deep, naming payload', () => {
  for (const depth of [5000, 33]) {
    const error = problem(event({ type: 'item.opened', code: null, label: undefined, payload: deep(depth) }));
    expect(error.field).toBe('payload');
    expect(error.problem).toMatch(/over 32 levels/);
  }
});

test('values at the limits pass: 256 bytes of CJK and emoji, a 32-deep payload, a year-long duration', () => {
  const e = event({
    type: 'item.opened',
    code: null,
    label: { name: '😀'.repeat(64) },
    context: { project: '車'.repeat(85), item: 'x'.repeat(256) },
    durationMs: 365 * 24 * 3600 * 1000,
    payload: deep(32),
  });
  expect(validateEvent(e)).toEqual(e);
});

test('a custom type with its category and kind passes, and so does a built-in one carrying its own', () => {
  const custom = event({ type: 'project.exported', code: null, category: 'project', kind: 'create', label: undefined });
  delete custom.label;
  expect(validateEvent({ ...custom, payload: { format: 'coco' } })).toEqual({ ...custom, payload: { format: 'coco' } });
  const builtIn = event({ category: 'label', kind: 'create' });
  expect(validateEvent(builtIn)).toEqual(builtIn);
});

test('typed payloads are checked against their schema', () => {
  const bad = problem(event({ type: 'video.seeking', code: 32, payload: { fromFrame: 3 } }));
  expect(bad.field).toBe('payload.toFrame');
  expect(bad.eventType).toBe('video.seeking');
  const good = event({
    type: 'video.seeking',
    code: 32,
    payload: { fromFrame: 3, toFrame: 90, durationMs: 120, merged: 2 },
  });
  expect(validateEvent(good)).toEqual(good);
});

test('the published JSON Schema is the one the code generates', () => {
  const published = JSON.parse(readFileSync('schema/event.schema.json', 'utf8'));
  expect(published).toEqual(eventJsonSchema());
  expect(published.required).toEqual(
    expect.arrayContaining(['id', 'type', 'code', 'time', 'mono', 'session', 'seq', 'actor', 'context']),
  );
});

test('the hand-written checks agree with the zod schema on random events, valid and invalid', () => {
  const { random, pick, anyValue, idLike, randomObject, edgePayload } = randomInput(20261123);
  const types = Object.keys(eventTypes) as EventType[];
  const uuids = () =>
    pick([
      uuidv7(),
      '0190b3f2-7c4e-4d2a-9f1e-2b3c4d5e6f70',
      '00000000-0000-0000-0000-000000000000',
      'not-a-uuid',
      uuidv7().toUpperCase(),
      uuidv7().replace(/^./, 'g'),
    ]);
  const long64 = `${'x'.repeat(31)}.${'y'.repeat(32)}`;
  const number = () => (random() < 0.7 ? Math.floor(random() * 1e6) : anyValue());
  const emails = [
    'ann@example.com',
    'not-an-email',
    'a@b',
    '',
    'x@y.org',
    "o'neil@example.co.uk",
    "a'@b.io",
    '.a@b.io',
    'a..b@c.de',
    'a@-b.io',
  ];
  // Payload keys of every typed payload, with values near and across each key's rules.
  const payloadKeys = [
    'count',
    'reason',
    'durationMs',
    'seconds',
    'editingMs',
    'touched',
    'openMs',
    'resumed',
    'resumedMs',
    'recovered',
    'status',
    'startFrame',
    'startTime',
    'endedBy',
    'waiting',
    'fromFrame',
    'toFrame',
    'settleMs',
    'seeks',
    'bitrate',
    'level',
    'ratio',
    'extra',
  ];
  const payloadValue = (k: string): unknown => {
    if (random() < 0.15) return anyValue();
    if (k === 'reason') return pick(['closed', 'next', 'queue_full', 'downswitch', 'below_floor', 'bogus']);
    if (k === 'endedBy') return pick(['playing', 'seek', 'nope']);
    if (k === 'status') return pick(['done', '']);
    if (['touched', 'resumed', 'recovered', 'waiting'].includes(k)) return random() < 0.5;
    return pick([0, 1, 3, 120.5, -1]);
  };
  // Custom type names, well formed and not, and categories and kinds near and across their rules.
  const customNames = ['project.exported', 'user.login', 'model.inference', 'a.b', 'label.exploded', long64];
  const badNames = ['Project.exported', 'project', 'project..x', 'project.1x', '.a', 'a.b\u0000', long64 + 'x', 7];
  const categories = ['project', 'api_key', 'label', 'x'.repeat(32), 'x'.repeat(33), 'Project', '', '1x', 'x-y', 7];
  const kinds = [...eventKinds, 'deleted', '', 1];
  let valid = 0;
  let validTyped = 0;
  let validCustom = 0;
  const ROUNDS = 25_000;
  for (let round = 0; round < ROUNDS; round++) {
    const roll = random();
    const type =
      roll < 0.7 ? pick(types) : roll < 0.93 ? pick(customNames) : pick([...badNames, 'label.exploded', undefined]);
    const custom = !isEventType(type);
    const code = custom ? null : eventTypes[type].code;
    const candidate: Record<string, unknown> = {
      id: random() < 0.8 ? uuidv7() : uuids(),
      type,
      code: random() < 0.9 ? code : pick([null, 0, 1, -1, 1.5]),
      time: random() < 0.9 ? Date.now() : number(),
      mono: random() < 0.9 ? random() * 1e5 : anyValue(),
      session: random() < 0.9 ? uuidv7() : uuids(),
      seq: random() < 0.9 ? round : number(),
      actor:
        random() < 0.8
          ? { id: 'u-1', email: pick(emails) }
          : randomObject(['id', 'email'], (k) => (k === 'email' ? pick(emails) : idLike())),
      context:
        random() < 0.5
          ? { project: 'p1', item: 'img-3' }
          : randomObject(['project', 'item', 'frame', 'job', 'task'], (k) => (k === 'frame' ? number() : idLike())),
    };
    if (random() < 0.5) candidate.label = randomObject(['id', 'feature', 'name'], idLike);
    if (random() < 0.3) candidate.durationMs = random() < 0.8 ? random() * 1e4 : anyValue();
    if (random() < 0.6)
      candidate.payload =
        random() < 0.8
          ? randomObject(payloadKeys, payloadValue)
          : random() < 0.5
            ? edgePayload()
            : pick([[], new Date(), null, 'x']);
    if (random() < 0.03) candidate[pick(['extra', 'Type'])] = 1;
    // Custom types mostly carry a good category and kind; built-in ones now and then carry theirs.
    const info = custom ? undefined : eventTypes[type];
    if (random() < (custom ? 0.9 : 0.2))
      candidate.category = random() < 0.8 ? (info?.category ?? pick(categories.slice(0, 4))) : pick(categories);
    if (random() < (custom ? 0.9 : 0.2))
      candidate.kind = random() < 0.8 ? (info?.kind ?? pick(eventKinds)) : pick(kinds);
    const schema = bySchema(candidate);
    const hand = validateEvent(candidate);
    if ('event' in schema) {
      valid++;
      if (custom) validCustom++;
      if (schema.event.payload && payloadSchemas[schema.event.type as EventType]) validTyped++;
      expect(hand).toStrictEqual(schema.event);
      expect(JSON.stringify(hand)).toBe(JSON.stringify(schema.event));
    } else {
      expect(hand).toBeInstanceOf(TrailInputError);
      expect(schema.paths).toContain((hand as TrailInputError).field);
    }
  }
  // Both sides of the line must be well covered, or the comparison proves little.
  expect(valid).toBeGreaterThan(ROUNDS / 20);
  expect(valid).toBeLessThan(ROUNDS * 0.9);
  expect(validTyped).toBeGreaterThan(20);
  expect(validCustom).toBeGreaterThan(ROUNDS / 100);
});
