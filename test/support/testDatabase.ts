import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { SqlClient } from '../../src/collector/SqlClient.js';
import { openPglite } from '../../src/collector/store/openPglite.js';
import { openPostgres } from '../../src/collector/store/openPostgres.js';

// The collector tests run once per store: the `collector` project on in-memory PGlite, the
// `collector-postgres` project (LABELTRAIL_TEST_STORE=postgres) on a PostgreSQL server found
// through LABELTRAIL_TEST_DATABASE_URL, where every test database is a new one, dropped after.

/** The store this test run uses. */
export const TEST_STORE: 'pglite' | 'postgres' =
  process.env['LABELTRAIL_TEST_STORE'] === 'postgres' ? 'postgres' : 'pglite';

/** The server's URL, for the postgres run. */
export function serverUrl(): string {
  const url = process.env['LABELTRAIL_TEST_DATABASE_URL'];
  if (!url) throw new Error('LABELTRAIL_TEST_DATABASE_URL is not set');
  return url;
}

/** A new empty database on the test server; returns its URL and a function that drops it. */
export async function createServerDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `labeltrail_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** What `GET /v1/health` names as storage for a collector started by `startCollector`. */
export const TEST_STORAGE = TEST_STORE === 'postgres' ? 'postgres' : 'pglite-memory';

/** A fresh, empty database of this run's store; closing it also drops a server database. */
export async function openTestDatabase(): Promise<SqlClient> {
  if (TEST_STORE === 'pglite') return openPglite(undefined);
  const { url, drop } = await createServerDatabase();
  const db = await openPostgres(url);
  return { ...db, close: () => db.close().then(drop) };
}
