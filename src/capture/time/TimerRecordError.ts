import { isTrailErrorNamed, TrailError } from '../../TrailError.js';

/** Reported (never thrown into the editor) when a stored timer record is from another version or malformed. */
export class TimerRecordError extends TrailError {
  override readonly name = 'TimerRecordError';
  readonly code = 'invalid_timer_record';
  constructor(
    readonly key: string,
    readonly problem: string,
  ) {
    super(`labeltrail ignored the stored timer record ${key}: ${problem}`);
  }
}

/** True for a `TimerRecordError`, from this realm or another. */
export function isTimerRecordError(error: unknown): error is TimerRecordError {
  return isTrailErrorNamed(error, 'TimerRecordError');
}
