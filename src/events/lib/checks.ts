// A few dozen lines of checking that stand in for the schema library in the browser, where
// its weight would be most of the bundle. Each check takes a value and its dotted path, and
// returns the value (objects: a fresh copy) or throws a Refusal naming the path and what is
// wrong. The rules mirror `schema.ts` exactly; a unit test fuzzes the two against each other.

import { isKeyText, KEY_TEXT_PROBLEM, MAX_MEASURE, MAX_TIME_MS, payloadProblem } from '../limits.js';

/** One problem with one field: the first one found ends the check. */
export class Refusal {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {}
}

export type Check<T = unknown> = ((value: unknown, path: string) => T) & { readonly optional?: true };

export const fail = (path: string, problem: string): never => {
  throw new Refusal(path, problem);
};

const at = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** Objects as the schema sees them: anything object-typed except null and arrays. */
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const isId = isKeyText;

// Address syntax as the schema's email check has it: dot-separated local atoms (the last
// character not an apostrophe), then a dotted domain ending in two or more letters.
const EMAIL = /^(?:[\w'+-]+\.)*[\w'+-]*[\w+-]@(?:[A-Za-z\d][A-Za-z\d-]*\.)+[A-Za-z]{2,}$/;
// RFC 9562 layout: version nibble 1–8 and variant 10xx, or the nil and max values.
const UUID =
  /^(?:[\da-f]{8}-[\da-f]{4}-[1-8][\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}|0{8}-0{4}-0{4}-0{4}-0{12}|f{8}-f{4}-f{4}-f{4}-f{12})$/i;
const UUID_V7 = /^[\da-f]{8}-[\da-f]{4}-7[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/i;

export const isEmail = (v: unknown): v is string => typeof v === 'string' && EMAIL.test(v);

export const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

export const isUuidV7 = (v: unknown): v is string => typeof v === 'string' && UUID_V7.test(v);

export const id: Check<string> = (v, path) => (isId(v) ? v : fail(path, KEY_TEXT_PROBLEM));

/** A finite measure from 0 to MAX_MEASURE (durations, bitrates, ratios, `mono`). */
export const isMeasure = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= MAX_MEASURE;

/** An event time: whole ms from the epoch to MAX_TIME_MS. */
export const isTime = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_TIME_MS;

export const time: Check<number> = (v, path) =>
  isTime(v) ? v : fail(path, `must be an integer from 0 to ${MAX_TIME_MS}`);

export const count: Check<number> = (v, path) => (isCount(v) ? v : fail(path, 'must be a non-negative integer'));

export const positiveCount: Check<number> = (v, path) =>
  isCount(v) && v >= 1 ? v : fail(path, 'must be a positive integer');

export const nonNegative: Check<number> = (v, path) =>
  isMeasure(v) ? v : fail(path, `must be a number from 0 to ${MAX_MEASURE}`);

export const bool: Check<boolean> = (v, path) => (typeof v === 'boolean' ? v : fail(path, 'must be true or false'));

export const str: Check<string> = (v, path) => (typeof v === 'string' ? v : fail(path, 'must be a string'));

export const email: Check<string> = (v, path) => (isEmail(v) ? v : fail(path, 'must be an email address'));

export const uuid: Check<string> = (v, path) => (isUuid(v) ? v : fail(path, 'must be a UUID'));

export const uuidV7: Check<string> = (v, path) => (isUuidV7(v) ? v : fail(path, 'must be a version 7 UUID'));

export const oneOf = <T extends string>(values: readonly T[]): Check<T> => {
  const allowed = new Set<unknown>(values);
  return (v, path) => (allowed.has(v) ? (v as T) : fail(path, `must be one of ${values.join(', ')}`));
};

export const optional = <T>(check: Check<T>): Check<T | undefined> =>
  Object.assign((v: unknown, path: string) => (v === undefined ? undefined : check(v, path)), {
    optional: true as const,
  });

export const nullable =
  <T>(check: Check<T>): Check<T | null> =>
  (v, path) =>
    v === null ? null : check(v, path);

type Shape = Record<string, Check>;
type Built<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };

/**
 * An object with these keys, in this order. `strict` refuses any other key (own or
 * inherited enumerable, as a for-in loop sees them); otherwise other keys are kept as
 * they are. A key holding undefined is kept as undefined, as the schema does.
 */
export function object<S extends Shape>(shape: S, strict: boolean): Check<Built<S>> {
  return (v, path) => {
    if (!isObject(v)) return fail(path, v === undefined ? 'is required' : 'must be an object');
    const out: Record<string, unknown> = {};
    for (const key in shape) {
      const value = v[key];
      if (value === undefined) {
        if (!shape[key]!.optional) fail(at(path, key), 'is required');
        if (key in v) out[key] = undefined;
      } else {
        out[key] = shape[key]!(value, at(path, key));
      }
    }
    for (const key in v) {
      if (Object.hasOwn(shape, key)) continue;
      if (strict) fail(path, `has an unknown key ${JSON.stringify(key)}`);
      if (key !== '__proto__') out[key] = v[key];
    }
    return out as Built<S>;
  };
}

/**
 * A plain JSON-like object of any keys, copied (own enumerable string keys; `__proto__` is
 * left out so it cannot become the copy's prototype). Plain as the schema defines it: no
 * class instances, arrays or values whose constructor's prototype was replaced. Only payloads
 * are records: their nesting, strings and size are held to the shared limits.
 */
export const record: Check<Record<string, unknown>> = (v, path) => {
  if (!isObject(v)) return fail(path, 'must be an object');
  const ctor = v.constructor as unknown;
  if (typeof ctor === 'function') {
    const proto = ctor.prototype as unknown;
    if (!isObject(proto) || !Object.prototype.hasOwnProperty.call(proto, 'isPrototypeOf'))
      fail(path, 'must be a plain object');
  }
  const out: Record<string, unknown> = {};
  for (const key of Reflect.ownKeys(v)) {
    if (!Object.prototype.propertyIsEnumerable.call(v, key) || key === '__proto__') continue;
    if (typeof key === 'symbol') return fail(path, 'must have only string keys');
    out[key] = v[key];
  }
  const problem = payloadProblem(out);
  return problem ? fail(path, problem) : out;
};
