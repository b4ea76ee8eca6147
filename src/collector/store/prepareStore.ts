import { EVENTS_TABLE, ROLLUP_PREFIX } from '../defaults.js';
import type { SqlClient } from '../SqlClient.js';
import { rollupSchema, rollupTables, rollupVersion } from './rollupSchema.js';
import { storeSchema } from './storeSchema.js';

/**
 * Creates or upgrades the store: the events table, then the stats rollups. Rollups missing
 * or built by another definition (a database from an older collector, or a changed bucket
 * size) are rebuilt from the events, in one transaction that holds writers off meanwhile.
 * Returns whether it rebuilt them.
 */
export async function prepareStore(db: SqlClient): Promise<boolean> {
  for (const statement of storeSchema) await db.query(statement);
  for (const statement of rollupSchema) await db.query(statement);
  return db.transaction(async (tx) => {
    // Readers go on; writers wait, so no event slips between rebuild and mark, and so does a
    // second collector starting on the same server, which then finds the rollups current.
    await tx.query(`LOCK TABLE ${EVENTS_TABLE} IN SHARE ROW EXCLUSIVE MODE`);
    const stored = await tx.query<{ value: string }>(`SELECT value FROM ${rollupTables.meta} WHERE name = 'rollups'`);
    if (stored.rows[0]?.value === rollupVersion) return false;
    await tx.query(`SELECT ${ROLLUP_PREFIX}_rebuild(NULL)`);
    await tx.query(
      `INSERT INTO ${rollupTables.meta} (name, value) VALUES ('rollups', $1) ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
      [rollupVersion],
    );
    return true;
  });
}
