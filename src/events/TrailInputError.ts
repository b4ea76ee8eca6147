/**
 * Raised (or reported on `errors$`) when an event or option is refused. `field` is the
 * dotted path of the offending value, `problem` says what is wrong with it.
 */
export class TrailInputError extends Error {
  override readonly name = 'TrailInputError';
  constructor(
    readonly field: string,
    readonly problem: string,
    /** The event type the refused call named, when it named one. */
    readonly eventType?: string,
  ) {
    super(`${field ? `${field}: ` : ''}${problem}${eventType ? ` (event ${eventType})` : ''}`);
  }
}

/** True for errors labeltrail raises about bad input. */
export function isTrailInputError(error: unknown): error is TrailInputError {
  return error instanceof TrailInputError;
}
