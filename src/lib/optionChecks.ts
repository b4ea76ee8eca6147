import { TrailConfigError } from '../TrailConfigError.js';

// Number options of createTrail, the capture layer and watchVideo, checked from one table. A
// message names the option and what is wrong with the value given.

/**
 * A number option's default and what it may be: `0` a count or size that may be 0 (a bound
 * of 0 keeps nothing); `1` above 0 (a timeout, interval or rate: 0 would make a zero-interval
 * timer or abort every request); `2` a fraction in (0, 1].
 */
export type NumberRule = readonly [fallback: number | undefined, rule: 0 | 1 | 2];

type Resolved<R> = { [K in keyof R]: R[K] extends readonly [number, number] ? number : number | undefined };

/** The options `rules` names, read from `given`, checked and defaulted; `prefix` leads each option's name. */
export function numbers<R extends Record<string, NumberRule>>(given: object, prefix: string, rules: R): Resolved<R> {
  const out: Record<string, number | undefined> = {};
  for (const key in rules) {
    const [fallback, rule] = rules[key]!;
    const value = (given as Record<string, unknown>)[key];
    const problem =
      value === undefined
        ? undefined
        : typeof value !== 'number' || !Number.isFinite(value)
          ? 'must be a finite number'
          : rule && !(value > 0)
            ? 'must be more than 0'
            : value < 0
              ? 'must not be negative'
              : rule > 1 && value > 1
                ? 'must be at most 1'
                : undefined;
    if (problem) throw new TrailConfigError(prefix + key, `${problem}, got ${String(value)}`);
    out[key] = value === undefined ? fallback : (value as number);
  }
  return out as Resolved<R>;
}
