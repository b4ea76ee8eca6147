import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SqlClient, SqlQueryable } from '../SqlClient.js';

/** Opens (creating if needed) a PGlite database on disk at `dataDir`, or in memory without one. */
export async function openPglite(dataDir: string | undefined): Promise<SqlClient> {
  // PGlite creates only the last directory of the path; `.data/collector` on a fresh clone
  // has no `.data` yet.
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const db = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  const wrap = (target: Pick<PGlite, 'query'>): SqlQueryable => ({
    query: async <Row>(sql: string, params?: unknown[]) => {
      const result = await target.query<Row>(sql, params);
      return result.affectedRows === undefined
        ? { rows: result.rows }
        : { rows: result.rows, affectedRows: result.affectedRows };
    },
  });
  const queryable = wrap(db);
  return {
    query: queryable.query,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}
