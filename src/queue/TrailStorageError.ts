import { isTrailErrorNamed, TrailError } from '../TrailError.js';

/**
 * Reported (never thrown into the page) when IndexedDB fails: missing, refused (private
 * mode), over quota, or closed. labeltrail carries on with a queue in memory and tries
 * IndexedDB again on the delivery backoff.
 */
export class TrailStorageError extends TrailError {
  override readonly name = 'TrailStorageError';
  /** `storage_open`, `storage_write` or `storage_read`. */
  declare readonly code: `storage_${'open' | 'write' | 'read'}`;
  /** What was being done: opening the database, writing it (append, settle) or reading it. */
  declare readonly operation: 'open' | 'write' | 'read';
  constructor(operation: 'open' | 'write' | 'read', cause: unknown) {
    const said = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`IndexedDB ${operation} failed (${said}); events wait in memory`, { cause });
    this.operation = operation;
    this.code = `storage_${operation}`;
  }
}

/** True for storage errors reported by labeltrail, from this realm or another. */
export function isTrailStorageError(error: unknown): error is TrailStorageError {
  return isTrailErrorNamed(error, 'TrailStorageError');
}
