import { TrailConfigError } from '../TrailConfigError.js';

// Option checks shared by createTrail, the capture layer and watchVideo. A message names the
// option and what is wrong with the value given.

function finite(value: unknown, option: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new TrailConfigError(option, `must be a finite number, got ${String(value)}`);
  return value;
}

/** A count or size that may be 0 (a bound of 0 keeps nothing); the default when absent. */
export function atLeastZero(value: number | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  if (finite(value, option) < 0) throw new TrailConfigError(option, `must not be negative, got ${value}`);
  return value;
}

/** A timeout, interval or rate: 0 would make a zero-interval timer or abort every request. */
export function aboveZero(value: number | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  if (!(finite(value, option) > 0)) throw new TrailConfigError(option, `must be more than 0, got ${value}`);
  return value;
}

/** A fraction in (0, 1]. */
export function fraction(value: number | undefined, fallback: number, option: string): number {
  const n = aboveZero(value, fallback, option);
  if (n > 1) throw new TrailConfigError(option, `must be at most 1, got ${n}`);
  return n;
}
