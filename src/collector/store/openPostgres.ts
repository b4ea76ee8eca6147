import pg from 'pg';
import type { SqlClient, SqlQueryable } from '../SqlClient.js';

/** Connections in the pool: a handful per core of a small server serves ingest and queries at once. */
export const POSTGRES_POOL_SIZE = 10;

/** Time to wait for a connection before a request fails: a server that is down answers no faster. */
export const POSTGRES_CONNECT_TIMEOUT_MS = 5000;

/** A PostgreSQL server the collector could not use, with the reason in words (no stack trace needed). */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

/** `postgres://user:***@host:port/db`: where it tried, without the password. */
export function redactDatabaseUrl(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password !== '') copy.password = '***';
  return copy.href;
}

function parseDatabaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseUnavailableError('database: not a URL (expected postgres://user:password@host:port/database)');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new DatabaseUnavailableError(`database: ${parsed.protocol} is not postgres: or postgresql:`);
  }
  return parsed;
}

// node-postgres errors carry a SQLSTATE `code` or a Node `code` (ECONNREFUSED); both say more
// to an operator than the message alone.
function reasonOf(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'ECONNREFUSED') return 'connection refused (is the server running and listening there?)';
  if (code === 'ENOTFOUND') return 'host not found';
  if (code === '28P01' || code === '28000') return `authentication failed (${message ?? code})`;
  if (code === '3D000') return `no such database (${message ?? code})`;
  return message ?? String(error);
}

function wrap(target: Pick<pg.Pool | pg.PoolClient, 'query'>): SqlQueryable {
  return {
    query: async <Row>(sql: string, params?: unknown[]) => {
      const result = await target.query(sql, params);
      const rows = result.rows as Row[];
      return result.rowCount === null ? { rows } : { rows, affectedRows: result.rowCount };
    },
  };
}

/**
 * Opens a pool on a PostgreSQL server (14 or later) and checks that it answers, so that a
 * bad URL, an unreachable server or wrong credentials fail at start with a
 * `DatabaseUnavailableError` naming the problem.
 *
 * @example
 * const db = await openPostgres(process.env.DATABASE_URL!);
 */
export async function openPostgres(url: string, poolSize = POSTGRES_POOL_SIZE): Promise<SqlClient> {
  const parsed = parseDatabaseUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
    application_name: 'labeltrail-collector',
  });
  // An idle connection the server drops (restart, failover) emits here; without a listener
  // that is an uncaught error. The pool replaces the connection on next use.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseUnavailableError(`database ${redactDatabaseUrl(parsed)}: ${reasonOf(error)}`, { cause: error });
  }
  const queryable = wrap(pool);
  return {
    query: queryable.query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
    poolUse: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}
