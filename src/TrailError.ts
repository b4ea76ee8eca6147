// One base for every error labeltrail reports, with a stable `code` to branch on. The guards
// check a registered symbol and the name rather than `instanceof`: a trail created in an
// iframe throws its own realm's classes, which `instanceof` here would not recognise (ky's
// guards work the same way).
const BRAND = Symbol.for('labeltrail.error');

/** Base of labeltrail's errors; `code` is stable across versions, the message is not. */
export abstract class TrailError extends Error {
  abstract readonly code: string;
  readonly [BRAND] = true;
}

/** True for any error labeltrail raised or reported, from this realm or another. */
export function isTrailError(error: unknown): error is TrailError {
  return typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true;
}

/** True when `error` is a labeltrail error of the class called `name`, from any realm. */
export function isTrailErrorNamed<T extends TrailError>(error: unknown, name: string): error is T {
  return isTrailError(error) && error.name === name;
}
