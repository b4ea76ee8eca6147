import { isTrailErrorNamed, TrailError } from './TrailError.js';

/** Thrown by `createTrail` (and `watchVideo`) when an option is missing or wrong; `option` names it. */
export class TrailConfigError extends TrailError {
  override readonly name = 'TrailConfigError';
  readonly code = 'invalid_option';
  declare readonly option: string;
  declare readonly problem: string;
  constructor(option: string, problem: string) {
    super(`labeltrail option ${option}: ${problem}`);
    this.option = option;
    this.problem = problem;
  }
}

/** True for errors about createTrail's options, from this realm or another (an iframe's). */
export function isTrailConfigError(error: unknown): error is TrailConfigError {
  return isTrailErrorNamed(error, 'TrailConfigError');
}
