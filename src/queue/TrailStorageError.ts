/**
 * Reported (never thrown into the page) when IndexedDB fails: missing, refused (private
 * mode), over quota, or closed. labeltrail carries on with a queue in memory.
 */
export class TrailStorageError extends Error {
  override readonly name = 'TrailStorageError';
  constructor(
    /** What was being done: opening the database, writing or reading it. */
    readonly operation: 'open' | 'write' | 'read',
    override readonly cause: unknown,
  ) {
    const said = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`IndexedDB ${operation} failed (${said}); events wait in memory`);
  }
}

/** True for storage errors reported by labeltrail. */
export function isTrailStorageError(error: unknown): error is TrailStorageError {
  return error instanceof TrailStorageError;
}
