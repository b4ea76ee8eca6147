// Collector figures: ingest over HTTP into the embedded database (PGlite on disk), then, with
// the table grown to a million events, one filtered page, the stats query and a CSV export.
// Part of `npm run bench`; alone: `npx tsx bench/collector.ts`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCollector } from '../src/collector/index.js';
import { insertEvents } from '../src/collector/ingest/insertEvents.js';
import { eventTypes, type EventType } from '../src/events/taxonomy.js';
import type { TrailEvent } from '../src/events/schema.js';
import { summary } from './pages/common.js';

/** Events ingested over HTTP, in segments timed separately (median and p95 over segments). */
export const INGEST_EVENTS = 200_000;
export const INGEST_SEGMENTS = 4;
/** The client's default batch size. */
export const INGEST_BATCH = 500;
/** The table size the query budgets are set for. */
export const QUERY_TABLE_EVENTS = 1_000_000;
/** Rows per direct multi-row insert when growing the table (not a measured figure). */
const FILL_CHUNK = 5_000;
export const QUERY_RUNS = 7;
/** One project's share of a 200k-event window: an export a QA lead would run. */
export const CSV_WINDOW_EVENTS = 200_000;

const TYPES: EventType[] = [
  'label.added',
  'label.edited',
  'label.approved',
  'label.rejected',
  'task.submitted',
  'item.opened',
];
export const START_MS = 1_750_000_000_000;
export const SPACING_MS = 10;
const TOKEN = 'bench-owner-token';

function uuidv7(ms: number, n: number): string {
  const hex = ms.toString(16).padStart(12, '0');
  const tail = n.toString(16).padStart(15, '0');
  const [a, b, c, d, e] = [hex.slice(0, 8), hex.slice(8, 12), tail.slice(0, 3), tail.slice(3, 6), tail.slice(6)];
  return `${a}-${b}-7${c}-8${d}-${e.padStart(12, '0')}`;
}

/** The n-th benchmark event: six types, 50 users, 5 projects, 5000 items, 10 ms apart. */
export function makeEvent(n: number): TrailEvent {
  const type = TYPES[n % TYPES.length]!;
  const time = START_MS + n * SPACING_MS;
  return {
    id: uuidv7(time, n),
    type,
    code: eventTypes[type].code,
    time,
    mono: n,
    seq: n,
    session: '5b0c8a5e-2d6f-4b1e-9a3c-0f1e2d3c4b5a',
    actor: { id: `user-${n % 50}` },
    context: { project: `p${n % 5}`, item: `item-${n % 5000}`, workflowStage: 'annotate' },
    label: { id: `L${n}`, name: 'car' },
  };
}

export interface CollectorFigures {
  readonly ingestEventsPerSecond: ReturnType<typeof summary>;
  readonly tableEvents: number;
  readonly pageMs: Record<string, ReturnType<typeof summary>>;
  readonly statsMs: ReturnType<typeof summary>;
  readonly statsOneProjectMs: ReturnType<typeof summary>;
  readonly csvRowsPerSecond: ReturnType<typeof summary>;
}

export async function measureCollector(log: (line: string) => void = console.log): Promise<CollectorFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'labeltrail-bench-'));
  const collector = await createCollector({ dataDir: dir, tokens: [{ token: TOKEN, user: 'bench', role: 'owner' }] });
  try {
    const { url } = await collector.listen({ port: 0 });
    const headers = { authorization: `Bearer ${TOKEN}` };

    // Bodies are built before the clock starts: the figure is the collector's cost, not the client's.
    const perSegment = INGEST_EVENTS / INGEST_SEGMENTS;
    const rates: number[] = [];
    for (let s = 0; s < INGEST_SEGMENTS; s++) {
      const bodies: string[] = [];
      for (let at = s * perSegment; at < (s + 1) * perSegment; at += INGEST_BATCH) {
        const events = Array.from({ length: INGEST_BATCH }, (_, i) => makeEvent(at + i));
        bodies.push(JSON.stringify({ batchId: String(at), sentAt: Date.now(), events }));
      }
      const t0 = performance.now();
      for (const body of bodies) {
        const response = await fetch(`${url}/v1/logs`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body,
        });
        if (!response.ok) throw new Error(`ingest failed: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      }
      rates.push(perSegment / ((performance.now() - t0) / 1000));
      log(`  collector ingest segment ${s + 1}/${INGEST_SEGMENTS}: ${Math.round(rates.at(-1)!)} events/s`);
    }

    // The rest of the million goes in straight through the store (not measured).
    for (let at = INGEST_EVENTS; at < QUERY_TABLE_EVENTS; at += FILL_CHUNK) {
      const inputs = Array.from({ length: Math.min(FILL_CHUNK, QUERY_TABLE_EVENTS - at) }, (_, i) => ({
        event: makeEvent(at + i),
        team: null,
      }));
      await insertEvents(collector.db, inputs, Date.now());
    }
    await collector.db.query('ANALYZE');
    log(`  collector table filled to ${QUERY_TABLE_EVENTS} events`);

    // The keep-alive connection idled out while the table filled: the first request may
    // meet a closed socket. One unmeasured request opens a fresh one.
    await fetch(`${url}/v1/health`).catch(() => undefined);
    await (await fetch(`${url}/v1/health`)).text();
    const end = START_MS + QUERY_TABLE_EVENTS * SPACING_MS;
    const timed = async (path: string, runs = QUERY_RUNS): Promise<ReturnType<typeof summary>> => {
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const response = await fetch(`${url}${path}`, { headers });
        await response.text();
        if (!response.ok) throw new Error(`${path}: ${response.status}`);
        ms.push(performance.now() - t);
      }
      return summary(ms);
    };
    const range = `start=${START_MS}&end=${end}`;
    const pageMs = {
      'no filter': await timed(`/v1/logs?${range}&limit=100`),
      'actor filter': await timed(`/v1/logs?${range}&actor=user-7&limit=100`),
      'action filter': await timed(`/v1/logs?${range}&action=12&limit=100`),
      'item filter': await timed(`/v1/logs?${range}&item=item-42&limit=100`),
      'sort by action': await timed(`/v1/logs?${range}&sort=action&limit=100`),
    };
    log('  collector pages timed');
    const statsMs = await timed(`/v1/stats?${range}`);
    const statsOneProjectMs = await timed(`/v1/stats?${range}&project=p1`);
    log('  collector stats timed');
    const csvEnd = START_MS + CSV_WINDOW_EVENTS * SPACING_MS;
    const csvRates: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const response = await fetch(`${url}/v1/logs.csv?start=${START_MS}&end=${csvEnd}`, { headers });
      const text = await response.text();
      const rows = text.split('\n').filter((l) => l !== '').length - 1;
      csvRates.push(rows / ((performance.now() - t) / 1000));
    }
    return {
      ingestEventsPerSecond: summary(rates),
      tableEvents: QUERY_TABLE_EVENTS,
      pageMs,
      statsMs,
      statsOneProjectMs,
      csvRowsPerSecond: summary(csvRates),
    };
  } finally {
    await collector.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await measureCollector(), null, 2));
}
