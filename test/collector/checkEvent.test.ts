// The collector's quick check must answer exactly as validateEvent does: the same event
// (same keys, same order, so the same stored JSON) for every valid candidate, and an error
// for every invalid one. Random received envelopes, valid and invalid, from a fixed seed.
import { expect, test } from 'vitest';
import { checkEvent } from '../../src/collector/ingest/checkEvent.js';
import { TrailInputError } from '../../src/events/TrailInputError.js';
import { validateEvent } from '../../src/events/validateEvent.js';
import { eventTypes, type EventType } from '../../src/events/taxonomy.js';
import { prng } from '../support/randomInput.js';

const ROUNDS = 30_000;

const random = prng(20251123);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const types = Object.keys(eventTypes) as EventType[];

const strings = [
  'a',
  'img-3',
  'x'.repeat(256),
  'x'.repeat(257),
  '車'.repeat(86),
  'a\u0000b',
  'x\udfff',
  '',
  ' ',
  'ünï',
  '__proto__',
  'constructor',
  'label.added',
];
const numbers = [0, 1, 7, -1, 1.5, -0, NaN, Infinity, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e21, 12, 1.7e308, 8.64e15 + 1];
const anyValue = (): unknown =>
  pick<() => unknown>([
    () => pick(strings),
    () => pick(numbers),
    () => pick([null, undefined, true, false]),
    () => [pick(strings)],
    () => ({ id: 'a' }),
    () => Object.create(null) as object,
  ])();
const sometimes = <T>(good: () => T, rate = 0.9): unknown => (random() < rate ? good() : anyValue());
const ids = () => sometimes(() => pick(strings.slice(0, 3)), 0.93);

function randomObject(keys: readonly string[], value: (key: string) => unknown): unknown {
  const r = random();
  if (r < 0.02) return anyValue();
  const o: Record<string, unknown> = r < 0.08 ? (Object.create(null) as Record<string, unknown>) : {};
  for (const key of keys) if (random() < 0.5) o[key] = value(key);
  if (random() < 0.02) o[pick(['extra', 'Item', '__proto__', 'constructor'])] = 'v';
  return o;
}

// Ids drawn from the seeded generator too, so every run checks the same candidates (ids from
// uuidv7() made the share of valid ones differ between runs).
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
const seededUuidv7 = () => `${hex(8)}-${hex(4)}-7${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
const withVariant = (id: string, variant: string) => id.slice(0, 19) + variant + id.slice(20);

// Mostly a good id, so that enough candidates get past the id to test the rest.
const uuids = () =>
  random() < 0.75
    ? seededUuidv7()
    : pick([
        () => seededUuidv7().toUpperCase(),
        () => '5b0c8a5e-2d6f-4b1e-9a3c-0f1e2d3c4b5a', // v4: a valid session, not a valid event id
        () => '00000000-0000-0000-0000-000000000000',
        () => withVariant(seededUuidv7(), 'c'), // wrong variant
        () => seededUuidv7().slice(1),
      ])();

// Custom types (any well-formed name), with their category and kind mostly right.
const customTypes = ['project.exported', 'user.login', 'label.exploded', 'a.b'];

function candidate(round: number): unknown {
  const roll = random();
  const type =
    roll < 0.55
      ? 'label.added'
      : roll < 0.8
        ? pick(types)
        : roll < 0.94
          ? pick(customTypes)
          : pick(['nope', 'toString', 7]);
  const known = typeof type === 'string' && type in eventTypes ? eventTypes[type as EventType] : undefined;
  const envelope: Record<string, unknown> = {
    id: sometimes(uuids, 0.95),
    type,
    code: random() < 0.9 ? (known?.code ?? null) : pick([null, 0, 12, -1, 1.5, '12']),
    ...(random() < (known ? 0.05 : 0.9) && {
      category: random() < 0.85 ? (known?.category ?? 'project') : pick(['Project', '', 'review', 7]),
    }),
    ...(random() < (known ? 0.05 : 0.9) && {
      kind: random() < 0.85 ? (known?.kind ?? 'create') : pick(['created', '', 'review', 7]),
    }),
    time: sometimes(() => 1_750_000_000_000 + round, 0.95),
    mono: sometimes(() => random() * 1e6, 0.95),
    session: sometimes(uuids, 0.95),
    seq: sometimes(() => round, 0.95),
    actor:
      random() < 0.85
        ? { id: ids(), ...(random() < 0.3 ? { email: pick(['ann@example.com', 'not-an-email', 'x@y.org', 5]) } : {}) }
        : randomObject(['id', 'email'], (k) => (k === 'email' ? pick(['ann@example.com', 'not-an-email', 5]) : ids())),
    context: randomObject(
      ['project', 'dataset', 'item', 'frame', 'workflowStage', 'branch', 'job', 'task', 'annotation'],
      (k) => (k === 'frame' ? sometimes(() => Math.floor(random() * 100), 0.7) : ids()),
    ),
  };
  if (random() < 0.6) envelope.label = randomObject(['id', 'feature', 'name'], ids);
  if (random() < 0.3) envelope.durationMs = sometimes(() => random() * 1e4, 0.8);
  if (random() < 0.1)
    envelope.payload = pick([{ status: 'done' }, { durationMs: 1, seconds: 0, editingMs: 0, touched: false }, [], 'x']);
  if (random() < 0.03)
    delete envelope[pick(['id', 'type', 'code', 'time', 'mono', 'session', 'seq', 'actor', 'context'])];
  if (random() < 0.03) envelope[pick(['extra', 'Payload', '__proto__'])] = 1;
  // Received events arrive parsed from JSON: no undefined values, no -0 kept apart.
  return JSON.parse(JSON.stringify(envelope));
}

test('checkEvent answers every received candidate exactly as validateEvent does', () => {
  let valid = 0;
  let validCustom = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const input = candidate(round);
    const bySchema = validateEvent(input);
    const byCheck = checkEvent(input);
    if (bySchema instanceof TrailInputError) {
      expect(byCheck).toBeInstanceOf(TrailInputError);
      expect((byCheck as TrailInputError).message).toBe(bySchema.message);
      continue;
    }
    valid++;
    if (!(bySchema.type in eventTypes)) validCustom++;
    expect(byCheck).toStrictEqual(bySchema);
    expect(JSON.stringify(byCheck)).toBe(JSON.stringify(bySchema));
  }
  expect(valid).toBeGreaterThan(ROUNDS / 10);
  expect(validCustom).toBeGreaterThan(ROUNDS / 100);
});
