// The fast path of track() must accept only what the schema accepts, and build exactly the
// object the schema builds. Random inputs, valid and invalid, from a fixed seed.
import { expect, test } from 'vitest';
import { fastEvent } from '../../src/events/fastEvent.js';
import { validateEvent } from '../../src/events/validateEvent.js';
import { TrailInputError } from '../../src/events/TrailInputError.js';
import { eventTypes, type EventType } from '../../src/events/taxonomy.js';
import { uuidv7 } from '../../src/lib/uuidv7.js';

const ROUNDS = 20_000;

function prng(seed: number): () => number {
  // mulberry32: small, seeded, good enough to spread the cases.
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20240611);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

class Box {
  id = 'x';
}
const strings = ['a', 'img-3', 'x'.repeat(512), 'x'.repeat(513), '', ' ', 'ünï', '__proto__'];
const anyValue = (): unknown =>
  pick<() => unknown>([
    () => pick(strings),
    () => pick([0, 1, 7, -1, 1.5, NaN, Infinity, -0, 2 ** 53, Number.MAX_SAFE_INTEGER]),
    () => pick([null, undefined, true, false]),
    () => [pick(strings)],
    () => ({ id: 'a' }),
    () => new Box(),
    () => Object.create(null) as object,
  ])();
const idLike = (): unknown => (random() < 0.75 ? pick(strings.slice(0, 3)) : anyValue());

function randomObject(keys: readonly string[], value: (key: string) => unknown): unknown {
  const r = random();
  if (r < 0.05) return anyValue();
  const o: Record<string, unknown> = r < 0.1 ? (Object.create(null) as Record<string, unknown>) : r < 0.12 ? (new Box() as unknown as Record<string, unknown>) : {};
  for (const key of keys) if (random() < 0.5) o[key] = value(key);
  if (random() < 0.08) o[pick(['extra', 'Item', '__proto__', 'constructor'])] = 'v';
  if (random() < 0.03) Object.defineProperty(o, '__proto__', { value: 'p', enumerable: true });
  if (random() < 0.05) o[pick(keys)] = undefined;
  return o;
}

const contextKeys = ['project', 'dataset', 'item', 'frame', 'workflowStage', 'branch', 'job', 'task'];
const emails = ['ann@example.com', 'not-an-email', 'a@b', '', 'x@y.org'];

test('fastEvent accepts only what the schema accepts, and builds the same event', () => {
  const types = Object.keys(eventTypes) as EventType[];
  let fast = 0;
  let schemaValid = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const type = random() < 0.6 ? 'label.added' : pick(types);
    const envelope = {
      id: uuidv7(), type, code: eventTypes[type].code, time: Date.now(), mono: Math.round(random() * 1e6) / 1000,
      session: uuidv7(), seq: round,
    };
    const actor = randomObject(['id', 'email'], (k) => (k === 'email' ? (random() < 0.8 ? pick(emails) : anyValue()) : idLike()));
    const contextValue = (k: string) => (k === 'frame' ? (random() < 0.7 ? Math.floor(random() * 100) : anyValue()) : idLike());
    // The trail's own context (usually plain and valid), and what the call adds over it.
    const base = random() < 0.8 ? { project: 'p1', workflowStage: 'annotate' } : randomObject(contextKeys, contextValue);
    const extra = random() < 0.8 ? randomObject(contextKeys, contextValue) : pick([undefined, null, 0, '', 'abc', []]);
    const label = random() < 0.6 ? randomObject(['id', 'feature', 'name'], idLike) : undefined;
    const durationMs = random() < 0.5 ? (random() < 0.8 ? random() * 1e4 : anyValue()) : undefined;
    const payload = random() < 0.1 ? { count: 1, reason: 'x' } : undefined;
    // The candidate exactly as track() builds it.
    const candidate: Record<string, unknown> = { ...envelope, actor, context: extra ? { ...(base as object), ...(extra as object) } : base };
    if (label !== undefined) candidate.label = label;
    if (durationMs !== undefined) candidate.durationMs = durationMs;
    if (payload !== undefined) candidate.payload = payload;
    const bySchema = validateEvent(candidate);
    const byFast = payload === undefined ? fastEvent(envelope.id, envelope.type, envelope.code, envelope.time, envelope.mono, envelope.session, envelope.seq, actor, base, extra, label, durationMs) : undefined;
    if (!(bySchema instanceof TrailInputError)) schemaValid++;
    if (byFast === undefined) continue;
    fast++;
    expect(bySchema).not.toBeInstanceOf(TrailInputError);
    expect(byFast).toStrictEqual(bySchema);
    expect(JSON.stringify(byFast)).toBe(JSON.stringify(bySchema));
  }
  // The fast path must actually carry the common shapes, or it buys nothing.
  expect(schemaValid).toBeGreaterThan(ROUNDS / 20);
  expect(fast).toBeGreaterThan(schemaValid / 2);
});

test('the fast event is a copy: changing the caller\'s objects later does not change it', () => {
  const label = { id: 'obj-1', name: 'Car' };
  const actor = { id: 'u-1' };
  const event = fastEvent(uuidv7(), 'label.added', eventTypes['label.added'].code, 1, 0, uuidv7(), 0, actor, { item: 'a' }, undefined, label, undefined)!;
  label.name = 'Bus';
  actor.id = 'u-2';
  expect(event.label?.name).toBe('Car');
  expect(event.actor.id).toBe('u-1');
});
