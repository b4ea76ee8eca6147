import pg from 'pg';
import { expect, test } from 'vitest';
import { createCollector } from '../../../src/collector/index.js';
import { RETENTION_LOCK } from '../../../src/collector/maintenance/createMaintenance.js';
import { createServerDatabase } from '../../support/testDatabase.js';
import { OWNER, makeEvent, postBatch, tokens } from '../helpers.js';

const DAY = 86_400_000;

test('a retention sweep skips while another collector sweeps the same database, and runs after', async () => {
  const database = await createServerDatabase();
  const now = 1_760_000_000_000;
  const collector = await createCollector({ database: database.url, tokens, retentionDays: 30, now: () => now });
  const other = new pg.Client({ connectionString: database.url });
  await other.connect();
  try {
    const { url } = await collector.listen({ port: 0 });
    // Received now, but dated 40 days back: expired by event time.
    const response = await postBatch(url, OWNER, [makeEvent('item.opened', { time: now - 40 * DAY })]);
    expect((await response.json()).accepted).toBe(1);
    await other.query('SELECT pg_advisory_lock(hashtext($1))', [RETENTION_LOCK]);
    expect(await collector.sweepRetention()).toBe(0);
    await other.query('SELECT pg_advisory_unlock(hashtext($1))', [RETENTION_LOCK]);
    expect(await collector.sweepRetention()).toBe(1);
  } finally {
    await other.end();
    await collector.close();
    await database.drop();
  }
});
