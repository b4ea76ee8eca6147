import { EVENTS_TABLE, ROLLUP_PREFIX } from '../defaults.js';
import type { SqlClient } from '../SqlClient.js';
import { rollupSchema, rollupTables, rollupVersion } from './rollupSchema.js';
import { storeSchema } from './storeSchema.js';

/** Advisory lock name for schema set-up, shared by every collector on a database. */
export const SCHEMA_LOCK = `${EVENTS_TABLE}:schema`;

/**
 * Creates or upgrades the store: the events table, then the stats rollups. Rollups missing
 * or built by another definition (a database from an older collector, or a changed bucket
 * size) are rebuilt from the events. All of it is one transaction under an advisory lock, so
 * collectors starting at once on one server take turns (`CREATE ... IF NOT EXISTS` alone
 * races: two creators both pass the check and one fails on the catalog's unique index).
 * Returns whether it rebuilt the rollups.
 */
export async function prepareStore(db: SqlClient): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [SCHEMA_LOCK]);
    for (const statement of storeSchema) await tx.query(statement);
    for (const statement of rollupSchema) await tx.query(statement);
    // Readers go on; writers wait, so no event slips between rebuild and mark.
    await tx.query(`LOCK TABLE ${EVENTS_TABLE} IN SHARE ROW EXCLUSIVE MODE`);
    const stored = await tx.query<{ value: string }>(`SELECT value FROM ${rollupTables.meta} WHERE name = 'rollups'`);
    if (stored.rows[0]?.value === rollupVersion) return false;
    await tx.query(`SELECT ${ROLLUP_PREFIX}_rebuild(NULL)`);
    await tx.query(
      `INSERT INTO ${rollupTables.meta} (name, value) VALUES ('rollups', $1) ON CONFLICT (name) DO ` +
        `UPDATE SET value = excluded.value`,
      [rollupVersion],
    );
    return true;
  });
}
