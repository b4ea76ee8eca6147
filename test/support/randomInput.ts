// Seeded random inputs, valid and invalid, for checking the browser's hand-written checks
// against the zod schema they mirror.
import { eventSchema, payloadSchemas, type TrailEvent } from '../../src/events/schema.js';
import type { EventType } from '../../src/events/taxonomy.js';
import { MAX_MEASURE, MAX_PAYLOAD_BYTES, MAX_PAYLOAD_DEPTH, MAX_TIME_MS } from '../../src/events/limits.js';

export function prng(seed: number): () => number {
  // mulberry32: small, seeded, good enough to spread the cases.
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Box {
  id = 'x';
}

export interface RandomInput {
  random(): number;
  pick<T>(list: readonly T[]): T;
  anyValue(): unknown;
  idLike(): unknown;
  /** A payload at or across a limit: nesting depth, NUL in a key or value, size in UTF-8 bytes. */
  edgePayload(): Record<string, unknown>;
  randomObject(keys: readonly string[], value: (key: string) => unknown): unknown;
}

export function randomInput(seed: number): RandomInput {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  // Around every limit of src/events/limits.ts: bytes (ASCII, CJK, emoji), NUL and other
  // control characters, lone surrogates.
  const strings = [
    'a',
    'img-3',
    'x'.repeat(256),
    'x'.repeat(257),
    '車'.repeat(85),
    '車'.repeat(86),
    '😀'.repeat(64),
    '😀'.repeat(64) + 'x',
    'a\u0000b',
    'tab\there',
    'x\udfff',
    '\ud83dx',
    '\ud83d',
    '',
    ' ',
    'ünï',
    '__proto__',
  ];
  const anyValue = (): unknown =>
    pick<() => unknown>([
      () => pick(strings),
      () =>
        pick([
          0,
          1,
          7,
          -1,
          1.5,
          NaN,
          Infinity,
          -0,
          2 ** 53,
          Number.MAX_SAFE_INTEGER,
          1.7e308,
          MAX_MEASURE,
          MAX_MEASURE + 0.5,
          MAX_TIME_MS,
          MAX_TIME_MS + 1,
          8_640_000_000_000_001,
        ]),
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
    const o: Record<string, unknown> =
      r < 0.1
        ? (Object.create(null) as Record<string, unknown>)
        : r < 0.12
          ? (new Box() as unknown as Record<string, unknown>)
          : {};
    for (const key of keys) if (random() < 0.5) o[key] = value(key);
    if (random() < 0.08) o[pick(['extra', 'Item', '__proto__', 'constructor'])] = 'v';
    if (random() < 0.03) Object.defineProperty(o, '__proto__', { value: 'p', enumerable: true });
    if (random() < 0.05) o[pick(keys)] = undefined;
    return o;
  }
  const nested = (depth: number): Record<string, unknown> => {
    let o: Record<string, unknown> = { leaf: 1 };
    for (let d = 1; d < depth; d++) o = random() < 0.5 ? { n: o } : { n: [o] };
    return o;
  };
  // {"s":"…"} is 8 bytes around the text: n units of a w-byte character.
  const sized = (bytes: number) => {
    const c = pick(['x', 'é', '車']);
    const w = c === 'x' ? 1 : c === 'é' ? 2 : 3;
    return { s: c.repeat(Math.floor((bytes - 8) / w)) };
  };
  const edgePayload = (): Record<string, unknown> =>
    pick<() => Record<string, unknown>>([
      () => nested(MAX_PAYLOAD_DEPTH - 1 + Math.floor(random() * 3)),
      () => nested(5000),
      () => ({ note: pick(['ok', 'a\u0000b', 'x\udfff']) }),
      () => ({ ['k\u0000']: 1 }),
      () => sized(MAX_PAYLOAD_BYTES - 2 + Math.floor(random() * 5)),
      () => ({ big: 1n }),
    ])();
  return { random, pick, anyValue, idLike, randomObject, edgePayload };
}

/** What the zod schema says about a candidate: the event it builds, or every path it names. */
export function bySchema(candidate: unknown): { event: TrailEvent } | { paths: string[] } {
  const result = eventSchema.safeParse(candidate);
  if (!result.success) return { paths: result.error.issues.map((i) => i.path.join('.')) };
  const payload = payloadSchemas[result.data.type as EventType]?.safeParse(result.data.payload);
  if (payload && !payload.success) return { paths: payload.error.issues.map((i) => ['payload', ...i.path].join('.')) };
  return { event: result.data };
}
