import { expect, test } from 'vitest';
import { insertEvents } from '../../src/collector/ingest/insertEvents.js';
import { isTransient, retryTransient } from '../../src/collector/ingest/retryTransient.js';
import type { SqlClient } from '../../src/collector/SqlClient.js';
import { prepareStore } from '../../src/collector/store/prepareStore.js';
import { openTestDatabase } from '../support/testDatabase.js';
import { makeEvent } from './helpers.js';

// Several collectors on one server can deadlock on the rollup rows of a busy hour: the server
// rolls one writer back (40P01), and the same write succeeds when it runs again.

const conflict = (code: string) => Object.assign(new Error('deadlock detected'), { code });

test('a deadlock or serialization failure is run again; other errors and the last conflict are thrown', async () => {
  expect(isTransient(conflict('40P01')) && isTransient(conflict('40001'))).toBe(true);
  expect(isTransient(conflict('23505')) || isTransient(new Error('x')) || isTransient(null)).toBe(false);
  let runs = 0;
  expect(await retryTransient(async () => (++runs < 3 ? Promise.reject(conflict('40P01')) : 'stored'))).toBe('stored');
  expect(runs).toBe(3);
  runs = 0;
  await expect(
    retryTransient(async () => {
      runs++;
      throw conflict('40001');
    }),
  ).rejects.toThrow('deadlock');
  expect(runs).toBe(3);
  runs = 0;
  await expect(
    retryTransient(async () => {
      runs++;
      throw conflict('22P02');
    }),
  ).rejects.toThrow();
  expect(runs).toBe(1);
});

test('insertEvents stores a batch whose first write a deadlock rolled back, exactly once', async () => {
  const real = await openTestDatabase();
  try {
    await prepareStore(real);
    let deadlocks = 1;
    const db: SqlClient = {
      ...real,
      query: (sql, params) =>
        sql.startsWith('INSERT INTO labeltrail_events') && deadlocks-- > 0
          ? Promise.reject(conflict('40P01'))
          : real.query(sql, params),
    };
    // No context and no label: NULL columns, whose text form the first run wrote into its own rows.
    const events = Array.from({ length: 50 }, (_, seq) => ({
      event: makeEvent('item.opened', { seq }),
      team: null,
    }));
    expect(await insertEvents(db, events, Date.now())).toEqual({ inserted: 50, refused: [] });
    const stored = await real.query<{ n: number; nulls: number }>(
      'SELECT count(*)::int AS n, count(*) FILTER (WHERE item IS NULL)::int AS nulls FROM labeltrail_events',
    );
    expect(stored.rows).toEqual([{ n: 50, nulls: 50 }]);
  } finally {
    await real.close();
  }
});
