/** Thrown by `createTrail` when an option is missing or wrong; `option` names it. */
export class TrailConfigError extends Error {
  override readonly name = 'TrailConfigError';
  constructor(
    readonly option: string,
    readonly problem: string,
  ) {
    super(`labeltrail option ${option}: ${problem}`);
  }
}

/** True for errors about createTrail's options. */
export function isTrailConfigError(error: unknown): error is TrailConfigError {
  return error instanceof TrailConfigError;
}
