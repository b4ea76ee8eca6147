import type { SqlClient } from '../SqlClient.js';
import { openPglite } from './openPglite.js';
import { openPostgres } from './openPostgres.js';

/** Where the collector keeps its events, as `GET /v1/health` reports it. */
export type StorageKind = 'postgres' | 'external' | 'pglite-disk' | 'pglite-memory';

/** The store options of `createCollector`, by precedence: `db`, then `database`, then `dataDir`. */
export interface StoreOptions {
  readonly db?: SqlClient;
  readonly database?: string;
  readonly dataDir?: string;
}

/**
 * Opens the store the options name: a database given as is, a PostgreSQL server by URL, or
 * PGlite (on disk in `dataDir`, else in memory).
 *
 * @example
 * const { db, storage } = await openStore({ database: 'postgres://labeltrail@db:5432/labeltrail' });
 */
export async function openStore(options: StoreOptions): Promise<{ db: SqlClient; storage: StorageKind }> {
  if (options.db) return { db: options.db, storage: 'external' };
  if (options.database !== undefined) return { db: await openPostgres(options.database), storage: 'postgres' };
  return {
    db: await openPglite(options.dataDir),
    storage: options.dataDir === undefined ? 'pglite-memory' : 'pglite-disk',
  };
}
