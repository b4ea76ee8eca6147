// Collector figures on a PostgreSQL server: ingest over HTTP against raw COPY of the same rows
// into the same schema on the same server in the same run (the ratio is the figure; both
// depend on the machine), and with `--big`, page and stats latency over 10 million events.
// Part of `npm run bench` (the server is a throwaway cluster started for it, or
// LABELTRAIL_BENCH_DATABASE_URL); alone: `npx tsx bench/postgres.ts [--big]`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createCollector } from '../src/collector/index.js';
import { EVENTS_TABLE } from '../src/collector/defaults.js';
import { rowValues, storedColumns, type Value } from '../src/collector/ingest/insertEvents.js';
import { openPostgres } from '../src/collector/store/openPostgres.js';
import { prepareStore } from '../src/collector/store/prepareStore.js';
import { summary } from './pages/common.js';
import { makeEvent, SPACING_MS, START_MS } from './collector.js';

/** Rows per measured run: enough for the rollup triggers to reach a steady state. */
export const PG_INGEST_EVENTS = 100_000;
/** The client's default batch size. */
const BATCH = 500;
/** Runs of each kind; the ratio uses the medians. */
const RUNS = 3;
/** `--big`: the table size of the latency goals. */
export const BIG_TABLE_EVENTS = 10_000_000;
/** Rows per COPY while filling the big table. */
const FILL_CHUNK = 100_000;
const TOKEN = 'bench-owner-token';
/** Port of the throwaway cluster, away from a system server's 5432 and the tests' 54329. */
const BENCH_PORT = '54339';

// COPY's text format: tab between fields, newline between rows, \N for NULL, and backslash
// escapes for the characters that would split them.
function copyField(value: Value): string {
  if (value === null) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : text;
}

function copyText(from: number, count: number, receivedMs: number): string {
  let text = '';
  for (let n = from; n < from + count; n++) {
    text += `${receivedMs}\t${rowValues({ event: makeEvent(n), team: null })
      .map(copyField)
      .join('\t')}\n`;
  }
  return text;
}

const copySql = `COPY ${EVENTS_TABLE} (received_ms, ${storedColumns.map(([name]) => name).join(', ')}) FROM STDIN`;

async function copyRows(client: pg.Client, text: string): Promise<void> {
  await pipeline(Readable.from([text]), client.query(copyFrom(copySql)));
}

interface Server {
  readonly url: string;
  stop(): void;
}

function startServer(): Server {
  const given = process.env['LABELTRAIL_BENCH_DATABASE_URL'];
  if (given) return { url: given, stop: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'labeltrail-bench-pg-'));
  const script = join(import.meta.dirname, '..', 'scripts', 'test-postgres.sh');
  const url = execFileSync('bash', [script, 'start', dir, BENCH_PORT], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
  return {
    url,
    stop: () => {
      execFileSync('bash', [script, 'stop', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function withDatabase<T>(serverUrl: string, name: string, fn: (url: string) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.href);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Raw COPY of the rows (text built before the clock starts), into the collector's schema. */
async function measureCopy(serverUrl: string): Promise<number> {
  return withDatabase(serverUrl, 'labeltrail_bench_copy', async (url) => {
    const db = await openPostgres(url);
    await prepareStore(db);
    await db.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const chunks = Array.from({ length: PG_INGEST_EVENTS / BATCH }, (_, i) => copyText(i * BATCH, BATCH, START_MS));
      const t0 = performance.now();
      // One COPY per batch, as a collector would have to: a batch is the unit that arrives.
      for (const chunk of chunks) await copyRows(client, chunk);
      return PG_INGEST_EVENTS / ((performance.now() - t0) / 1000);
    } finally {
      await client.end();
    }
  });
}

/** The collector over HTTP on loopback, `senders` posting their share of the batches at once. */
async function measureHttp(serverUrl: string, senders: number): Promise<number> {
  return withDatabase(serverUrl, 'labeltrail_bench_http', async (url) => {
    const collector = await createCollector({
      db: await openPostgres(url),
      tokens: [{ token: TOKEN, user: 'bench', role: 'owner' }],
    });
    try {
      const { url: base } = await collector.listen({ port: 0 });
      const bodies: string[] = [];
      for (let at = 0; at < PG_INGEST_EVENTS; at += BATCH) {
        const events = Array.from({ length: BATCH }, (_, i) => makeEvent(at + i));
        bodies.push(JSON.stringify({ batchId: String(at), sentAt: Date.now(), events }));
      }
      let next = 0;
      const send = async () => {
        for (let body = bodies[next++]; body !== undefined; body = bodies[next++]) {
          const response = await fetch(`${base}/v1/logs`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
            body,
          });
          if (!response.ok) throw new Error(`ingest failed: ${response.status} ${await response.text()}`);
          await response.arrayBuffer();
        }
      };
      const t0 = performance.now();
      await Promise.all(Array.from({ length: senders }, send));
      return PG_INGEST_EVENTS / ((performance.now() - t0) / 1000);
    } finally {
      await collector.close();
    }
  });
}

export interface PostgresFigures {
  readonly copyRowsPerSecond: ReturnType<typeof summary>;
  readonly http1EventsPerSecond: ReturnType<typeof summary>;
  readonly http4EventsPerSecond: ReturnType<typeof summary>;
  /** HTTP ingest with 4 senders ÷ raw COPY, medians. */
  readonly ratio4: number;
  /** HTTP ingest with 1 sender ÷ raw COPY, medians. */
  readonly ratio1: number;
  readonly big?: BigFigures;
}

export interface BigFigures {
  readonly tableEvents: number;
  readonly fillSeconds: number;
  readonly pageMs: Record<string, ReturnType<typeof summary>>;
  readonly statsMs: ReturnType<typeof summary>;
}

/** Fills a table to 10 million events by COPY, then times pages and stats over HTTP. */
async function measureBig(serverUrl: string, log: (line: string) => void): Promise<BigFigures> {
  return withDatabase(serverUrl, 'labeltrail_bench_big', async (url) => {
    const collector = await createCollector({
      db: await openPostgres(url),
      tokens: [{ token: TOKEN, user: 'bench', role: 'owner' }],
    });
    try {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const t0 = performance.now();
      for (let at = 0; at < BIG_TABLE_EVENTS; at += FILL_CHUNK) {
        await copyRows(client, copyText(at, FILL_CHUNK, START_MS));
        if ((at / FILL_CHUNK) % 10 === 9) log(`  big table: ${at + FILL_CHUNK} events`);
      }
      await client.query('ANALYZE');
      await client.end();
      const fillSeconds = (performance.now() - t0) / 1000;
      const { url: base } = await collector.listen({ port: 0 });
      const timed = async (path: string): Promise<ReturnType<typeof summary>> => {
        const ms: number[] = [];
        for (let i = 0; i < 7; i++) {
          const t = performance.now();
          const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
          await response.text();
          if (!response.ok) throw new Error(`${path}: ${response.status}`);
          ms.push(performance.now() - t);
        }
        return summary(ms);
      };
      const range = `start=${START_MS}&end=${START_MS + BIG_TABLE_EVENTS * SPACING_MS}`;
      return {
        tableEvents: BIG_TABLE_EVENTS,
        fillSeconds,
        pageMs: {
          'no filter': await timed(`/v1/logs?${range}&limit=100`),
          'actor filter': await timed(`/v1/logs?${range}&actor=user-7&limit=100`),
          'action filter': await timed(`/v1/logs?${range}&action=12&limit=100`),
          'item filter': await timed(`/v1/logs?${range}&item=item-42&limit=100`),
          'sort by action': await timed(`/v1/logs?${range}&sort=action&limit=100`),
        },
        statsMs: await timed(`/v1/stats?${range}`),
      };
    } finally {
      await collector.close();
    }
  });
}

export async function measurePostgres(
  options: { big?: boolean } = {},
  log: (line: string) => void = console.log,
): Promise<PostgresFigures> {
  const server = startServer();
  try {
    const copy: number[] = [];
    const http1: number[] = [];
    const http4: number[] = [];
    // Interleaved, so that a slow phase of the machine touches every kind alike.
    for (let run = 0; run < RUNS; run++) {
      copy.push(await measureCopy(server.url));
      http4.push(await measureHttp(server.url, 4));
      http1.push(await measureHttp(server.url, 1));
      log(
        `  postgres run ${run + 1}/${RUNS}: COPY ${Math.round(copy.at(-1)!)} rows/s, ` +
          `HTTP 4 senders ${Math.round(http4.at(-1)!)} events/s, 1 sender ${Math.round(http1.at(-1)!)} events/s`,
      );
    }
    const [c, h1, h4] = [summary(copy), summary(http1), summary(http4)];
    const figures: PostgresFigures = {
      copyRowsPerSecond: c,
      http1EventsPerSecond: h1,
      http4EventsPerSecond: h4,
      ratio4: h4.median / c.median,
      ratio1: h1.median / c.median,
    };
    return options.big ? { ...figures, big: await measureBig(server.url, log) } : figures;
  } finally {
    server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await measurePostgres({ big: process.argv.includes('--big') }), null, 2));
}
