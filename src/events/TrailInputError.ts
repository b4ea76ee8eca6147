import { isTrailErrorNamed, TrailError } from '../TrailError.js';

/**
 * Raised (or reported on `errors$`) when an event or option is refused. `field` is the
 * dotted path of the offending value, `problem` says what is wrong with it. `code` is
 * `closed` for a `track()` after `close()` began, `invalid_input` otherwise.
 */
export class TrailInputError extends TrailError {
  override readonly name = 'TrailInputError';
  declare readonly field: string;
  declare readonly problem: string;
  /** The event type the refused call named, when it named one. */
  declare readonly eventType?: string;
  declare readonly code: 'invalid_input' | 'closed';
  constructor(field: string, problem: string, eventType?: string, code: 'invalid_input' | 'closed' = 'invalid_input') {
    super(`${field ? `${field}: ` : ''}${problem}${eventType ? ` (event ${eventType})` : ''}`);
    this.field = field;
    this.problem = problem;
    this.eventType = eventType;
    this.code = code;
  }
}

/** True for errors labeltrail raises about bad input, from this realm or another. */
export function isTrailInputError(error: unknown): error is TrailInputError {
  return isTrailErrorNamed(error, 'TrailInputError');
}
