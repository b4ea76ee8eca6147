import { isTrailErrorNamed, TrailError } from '../TrailError.js';

/** Why a delivery error was raised; stable, unlike the message. */
export type TrailDeliveryCode =
  'send_failed' | 'rejected' | 'headers_failed' | 'closed' | 'flush_timeout' | 'storage_unavailable';

/**
 * Reported when the endpoint did not take a batch: a failure that will be retried
 * (`send_failed`, `rejected` 0), or events it refused for good (`rejected` > 0, parked for
 * inspection). `flush()` rejects with one too: `flush_timeout`, `storage_unavailable` when
 * IndexedDB (where earlier pages' events wait) did not open in time, or `closed` after `close()`.
 */
export class TrailDeliveryError extends TrailError {
  override readonly name = 'TrailDeliveryError';
  /** HTTP status, or undefined for a network error or timeout. */
  declare readonly status: number | undefined;
  declare readonly reason: string;
  /** Events refused for good by this answer. */
  declare readonly rejected: number;
  declare readonly code: TrailDeliveryCode;
  constructor(
    status: number | undefined,
    reason: string,
    rejected: number,
    code: TrailDeliveryCode = rejected > 0 ? 'rejected' : 'send_failed',
  ) {
    super(`delivery ${status === undefined ? 'failed' : `answered ${status}`}: ${reason}`);
    this.status = status;
    this.reason = reason;
    this.rejected = rejected;
    this.code = code;
  }
}

/** True for delivery errors reported by labeltrail, from this realm or another. */
export function isTrailDeliveryError(error: unknown): error is TrailDeliveryError {
  return isTrailErrorNamed(error, 'TrailDeliveryError');
}
