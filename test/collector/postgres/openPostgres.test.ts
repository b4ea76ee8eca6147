import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DatabaseUnavailableError, openPostgres } from '../../../src/collector/store/openPostgres.js';
import type { SqlClient } from '../../../src/collector/SqlClient.js';
import { createServerDatabase, serverUrl } from '../../support/testDatabase.js';

describe('openPostgres', () => {
  let database: { url: string; drop: () => Promise<void> };
  let db: SqlClient;
  beforeAll(async () => {
    database = await createServerDatabase();
    db = await openPostgres(database.url);
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  test('runs statements with parameters and reports changed rows', async () => {
    await db.query('CREATE TABLE t (id int PRIMARY KEY, note text)');
    expect(await db.query('INSERT INTO t VALUES ($1, $2), ($3, $4)', [1, 'a', 2, 'b'])).toEqual({
      rows: [],
      affectedRows: 2,
    });
    expect((await db.query('SELECT note FROM t WHERE id = $1', [2])).rows).toEqual([{ note: 'b' }]);
  });

  test('a transaction commits what it did, or nothing when its function throws', async () => {
    await db.query('CREATE TABLE u (id int PRIMARY KEY)');
    await db.transaction(async (tx) => tx.query('INSERT INTO u VALUES (1)'));
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO u VALUES (2)');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await db.query('SELECT id FROM u ORDER BY id')).rows).toEqual([{ id: 1 }]);
  });

  test('a database that does not exist is named at start, without the password', async () => {
    const url = new URL(serverUrl());
    url.pathname = '/labeltrail_no_such_database';
    url.password = 'hunter2';
    const error = await openPostgres(url.href).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(/^database postgres:\/\/.*labeltrail_no_such_database: no such database/);
    expect((error as Error).message).not.toContain('hunter2');
  });

  test('a role that does not exist fails at start naming the authentication', async () => {
    const url = new URL(serverUrl());
    url.username = 'labeltrail_no_such_role';
    const error = await openPostgres(url.href).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(/authentication failed|role "labeltrail_no_such_role" does not exist/);
  });
});
