import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openPostgres } from '../../../src/collector/store/openPostgres.js';
import { statsFromRollups } from '../../../src/collector/query/statsFromRollups.js';
import { statsFromScan } from '../../../src/collector/query/statsFromScan.js';
import type { SqlClient } from '../../../src/collector/SqlClient.js';
import type { StatsRow } from '../../../src/collector/query/StatsRow.js';
import type { TrailEvent } from '../../../src/events/schema.js';
import type { EventType } from '../../../src/events/taxonomy.js';
import { createServerDatabase } from '../../support/testDatabase.js';
import { prng } from '../../support/randomInput.js';
import { OWNER, getJson, makeEvent, postBatch } from '../helpers.js';

// Several collector processes on one PostgreSQL database, as behind a load balancer: they
// start at once, take overlapping batches at once, and must store every event once and keep
// the rollups equal to a scan of the rows.

const PROCESSES = 4;
const HOUR = 3_600_000;
const T0 = 1_760_000_000_000;

function startProcess(database: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/collector/postgres/collectorProcess.ts', database], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`collector process exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
  });
}

const types: EventType[] = ['label.added', 'label.added', 'label.approved', 'label.rejected', 'item.duration'];

function randomEvents(count: number): TrailEvent[] {
  const random = prng(5);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, (_, seq) => {
    const type = pick(types);
    const durationMs = Math.floor(random() * 60_000);
    return makeEvent(type, {
      seq,
      time: T0 + Math.floor(random() * 6 * HOUR),
      actor: { id: pick(['alice', 'bob', 'rita']) },
      context: { project: pick(['p1', 'p2']), item: `item-${Math.floor(random() * 40)}` },
      ...(type === 'label.added' ? { label: { id: `L${Math.floor(random() * 300)}` } } : {}),
      ...(type === 'item.duration'
        ? { payload: { durationMs, seconds: durationMs / 1000, editingMs: 0, touched: false } }
        : {}),
    });
  });
}

describe(`${PROCESSES} collector processes on one database`, () => {
  let database: { url: string; drop: () => Promise<void> };
  let processes: { child: ChildProcess; url: string }[];
  let db: SqlClient;

  beforeAll(async () => {
    database = await createServerDatabase();
    // Started together: schema set-up must be safe when they race.
    processes = await Promise.all(Array.from({ length: PROCESSES }, () => startProcess(database.url)));
    db = await openPostgres(database.url);
  });
  afterAll(async () => {
    for (const { child } of processes ?? []) child.kill('SIGTERM');
    await Promise.all((processes ?? []).map(({ child }) => new Promise((resolve) => child.once('exit', resolve))));
    await db?.close();
    await database?.drop();
  });

  test('store overlapping batches sent to all of them at once exactly once, rollups equal to a scan', async () => {
    const events = randomEvents(4000);
    const batches: TrailEvent[][] = [];
    // Every event goes out twice, in batches that overlap by half, to two different processes.
    for (let at = 0; at < events.length; at += 100) batches.push(events.slice(at, at + 200));
    const answers = await Promise.all(
      batches.flatMap((batch, i) => [
        postBatch(processes[i % PROCESSES]!.url, OWNER, batch),
        postBatch(processes[(i + 1) % PROCESSES]!.url, OWNER, batch),
      ]),
    );
    const bodies = await Promise.all(answers.map((a) => a.json() as Promise<{ accepted: number; duplicates: number }>));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(bodies.reduce((sum, b) => sum + b.accepted, 0)).toBe(events.length);
    const stored = await db.query<{ n: string; distinct_ids: string }>(
      'SELECT count(*) AS n, count(DISTINCT id) AS distinct_ids FROM labeltrail_events',
    );
    expect(stored.rows[0]).toEqual({ n: String(events.length), distinct_ids: String(events.length) });
    for (const filter of [{}, { actors: ['alice'] }, { projects: ['p2'] }, { start: T0 + HOUR, end: T0 + 4 * HOUR }]) {
      const fromRollups = await statsFromRollups(db, filter, { tzOffsetMs: 0 });
      expect(fromRollups).toBeDefined();
      expect(normalised(fromRollups!)).toEqual(normalised(await statsFromScan(db, filter, { tzOffsetMs: 0 })));
    }
  });

  test('accept one another’s cursors', async () => {
    const first = await getJson<{ events: unknown[]; nextCursor: string }>(
      processes[0]!.url,
      `/v1/logs?start=${T0}&end=${T0 + 6 * HOUR}&limit=5`,
    );
    expect(first.status).toBe(200);
    const next = await getJson<{ events: unknown[] }>(
      processes[3]!.url,
      `/v1/logs?start=${T0}&end=${T0 + 6 * HOUR}&limit=5&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(next.status).toBe(200);
    expect(next.body.events).toHaveLength(5);
  });
});

// Both paths answer the same figures, numbers as number or as text, rows in any order.
// What a per-day row stands for: its time figures (the report reads no other field of it).
const DAY_ROW_FIELDS = new Set(
  ['actor_id', 'is_total', 'day', 'tool_ms', 'editing_ms'].concat(
    ['active', 'stalled', 'idle', 'hidden', 'blurred'].map((b) => `${b}_ms`),
  ),
);

/**
 * Rows as the report reads them: numbers as numbers; a whole-range row without its empty `day`,
 * a per-day row with its time figures only (the rollups fill the other fields with zeros, a
 * scan leaves them out); ordered by actor and day.
 */
function normalised(rows: readonly StatsRow[]): Record<string, unknown>[] {
  const number = (value: unknown) =>
    typeof value === 'bigint' || /^-?\d+(\.\d+)?$/.test(String(value)) ? Number(value) : value;
  return rows
    .map((row) => {
      const perDay = row.day !== null && row.day !== undefined;
      const kept = Object.entries(row).filter(([key]) => (perDay ? DAY_ROW_FIELDS.has(key) : key !== 'day'));
      return Object.fromEntries(kept.map(([key, value]) => [key, number(value)]));
    })
    .sort(
      (a, b) =>
        String(a['actor_id']).localeCompare(String(b['actor_id'])) || String(a['day']).localeCompare(String(b['day'])),
    );
}
