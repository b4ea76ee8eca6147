/**
 * Reported when the endpoint did not take a batch: a failure that will be retried
 * (`rejected` 0), or events it refused for good (`rejected` > 0, parked for inspection).
 */
export class TrailDeliveryError extends Error {
  override readonly name = 'TrailDeliveryError';
  constructor(
    /** HTTP status, or undefined for a network error or timeout. */
    readonly status: number | undefined,
    readonly reason: string,
    /** Events refused for good by this answer. */
    readonly rejected: number,
  ) {
    super(`delivery ${status === undefined ? 'failed' : `answered ${status}`}: ${reason}`);
  }
}

/** True for delivery errors reported by labeltrail. */
export function isTrailDeliveryError(error: unknown): error is TrailDeliveryError {
  return error instanceof TrailDeliveryError;
}
