import { randomBytes } from 'node:crypto';
import type { SqlQueryable } from '../SqlClient.js';
import { rollupTables } from './rollupSchema.js';

/**
 * The key cursors are signed with, kept in the database (created by the first collector that
 * opens it), so every collector process on one database accepts the others' cursors.
 */
export async function cursorSecret(db: SqlQueryable): Promise<Buffer> {
  await db.query(
    `INSERT INTO ${rollupTables.meta} (name, value) VALUES ('cursor_secret', $1) ON CONFLICT (name) DO NOTHING`,
    [randomBytes(32).toString('base64url')],
  );
  const stored = await db.query<{ value: string }>(
    `SELECT value FROM ${rollupTables.meta} WHERE name = 'cursor_secret'`,
  );
  return Buffer.from(stored.rows[0]!.value, 'base64url');
}
