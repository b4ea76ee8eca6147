import { TRANSIENT_RETRIES } from '../defaults.js';

// SQLSTATE 40001 (serialization failure) and 40P01 (deadlock detected): the server rolled the
// transaction back because of another writer, not because of the data, and the same
// statement succeeds when run again. Several collectors on one database can meet them.
const TRANSIENT = new Set(['40001', '40P01']);

/** Whether the database rolled a write back for a reason that running it again clears. */
export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT.has(code);
}

/**
 * Runs `write`, and runs it again (up to `attempts` times in all) when the database answered
 * with a transient conflict; any other error, or the last conflict, is thrown.
 *
 * @example
 * const inserted = await retryTransient(() => insertAll(db, rows, receivedMs));
 */
export async function retryTransient<T>(write: () => Promise<T>, attempts = TRANSIENT_RETRIES): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
    }
  }
}
