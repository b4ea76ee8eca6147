// The drain figures of `npm run bench`: a backlog stored while the endpoint refused, delivered by
// a new trail once it answers again — to an endpoint that answers at once, and to the reference
// collector on PGlite, whose own sequential ingest rate (same batch size, from Node) is the bar.
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createCollector, type Collector } from '../../src/collector/index.js';
import { readBody } from '../../test/browser/harness.js';
import { makeEvent } from '../collector.js';
import type { BenchBrowser } from './browser.js';

/** The backlog of the issue: 30,000 events stored while the endpoint refused. */
export const DRAIN_EVENTS = 30_000;
/** The drain's stated flush() timeout. */
export const DRAIN_FLUSH_TIMEOUT_MS = 300_000;
const TOKEN = 'bench-drain-token-0123456789';

export interface DrainRun {
  readonly events: number;
  readonly ms: number;
  readonly eventsPerSecond: number;
  readonly requests: number;
  readonly eventsPerRequest: number;
  /** Body bytes per request as sent (gzipped where the page gzips). */
  readonly bytesPerRequest: number;
}

export interface DrainFigures {
  readonly instant: DrainRun;
  readonly collector: DrainRun;
  /** The same collector's ingest from Node, one request at a time, same batch size, events/s. */
  readonly collectorSequentialPerSecond: number;
  readonly collectorRatio: number;
}

/** What bench/pages/drain.html puts on `window`. */
interface DrainPage {
  fill(n: number, endpoint: string, dbName: string, token?: string): Promise<number>;
  drain(endpoint: string, dbName: string, token: string | undefined, timeoutMs: number): Promise<number>;
}

interface Tally {
  requests: number;
  events: number;
  bytes: number;
}

/** Serves /drain/<name>/v1/logs: refused (503) while `refusing`, else answered by `answer`. */
function drainRoute(name: string, answer: (req: IncomingMessage, res: ServerResponse, raw: Buffer) => Promise<void>) {
  const state = { refusing: true, tally: { requests: 0, events: 0, bytes: 0 } as Tally };
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.url !== `/drain/${name}/v1/logs` || req.method !== 'POST') return false;
    const raw = await readBody(req);
    if (state.refusing) {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"refusing"}');
      return true;
    }
    await answer(req, res, raw);
    const gzipped = req.headers['content-encoding'] === 'gzip';
    // Counted after the answer left, so that counting costs the page nothing.
    setImmediate(() => {
      const body = JSON.parse((gzipped ? gunzipSync(raw) : raw).toString('utf8')) as { events?: unknown[] };
      state.tally.requests++;
      state.tally.events += body.events?.length ?? 0;
      state.tally.bytes += raw.length;
    });
    return true;
  };
  return { state, handler };
}

/** Replays a body the route already read to the collector, as if it came over the wire. */
async function toCollector(collector: Collector, req: IncomingMessage, res: ServerResponse, raw: Buffer) {
  const { Readable } = await import('node:stream');
  const fake = Object.assign(Readable.from([raw]), { headers: req.headers, method: 'POST', url: '/v1/logs' });
  await collector.handle(fake as unknown as IncomingMessage, res);
}

async function drainOnce(bench: BenchBrowser, name: string, route: ReturnType<typeof drainRoute>, token?: string) {
  const page = await bench.open('drain.html');
  const endpoint = `/drain/${name}/v1/logs`;
  route.state.refusing = true;
  const events = await page.evaluate(
    ({ n, endpoint, token }) => (window as unknown as DrainPage).fill(n, endpoint, 'drain', token),
    { n: DRAIN_EVENTS, endpoint, token },
  );
  route.state.refusing = false;
  route.state.tally = { requests: 0, events: 0, bytes: 0 };
  const ms = await page.evaluate(
    ({ endpoint, token, timeoutMs }) => (window as unknown as DrainPage).drain(endpoint, 'drain', token, timeoutMs),
    { endpoint, token, timeoutMs: DRAIN_FLUSH_TIMEOUT_MS },
  );
  await new Promise((r) => setImmediate(r));
  await page.context().close();
  const t = route.state.tally;
  if (t.events < events) throw new Error(`drain to ${name}: ${t.events} of ${events} events arrived`);
  return {
    events: t.events,
    ms,
    eventsPerSecond: t.events / (ms / 1000),
    requests: t.requests,
    eventsPerRequest: t.events / t.requests,
    bytesPerRequest: t.bytes / t.requests,
  };
}

/** The collector's own rate: the same number of events in requests of `batch`, one at a time. */
async function sequentialIngest(collector: Collector, batch: number): Promise<number> {
  const { url } = await collector.listen({ port: 0 });
  const bodies: string[] = [];
  for (let at = 0; at < DRAIN_EVENTS; at += batch) {
    const events = Array.from({ length: Math.min(batch, DRAIN_EVENTS - at) }, (_, i) => makeEvent(at + i));
    bodies.push(JSON.stringify({ batchId: `seq-${at}`, sentAt: Date.now(), events }));
  }
  const t0 = performance.now();
  for (const body of bodies) {
    const response = await fetch(`${url}/v1/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body,
    });
    if (!response.ok) throw new Error(`sequential ingest failed: ${response.status}`);
    await response.arrayBuffer();
  }
  return DRAIN_EVENTS / ((performance.now() - t0) / 1000);
}

export async function measureDrain(bench: BenchBrowser, log: (line: string) => void): Promise<DrainFigures> {
  const instantRoute = drainRoute('instant', async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  bench.harness.route(instantRoute.handler);
  const instant = await drainOnce(bench, 'instant', instantRoute);
  log(`  drain to an endpoint that answers at once: ${Math.round(instant.eventsPerSecond)} events/s`);

  const dir = mkdtempSync(join(tmpdir(), 'labeltrail-bench-drain-'));
  const collector = await createCollector({ dataDir: dir, tokens: [{ token: TOKEN, user: 'u-17', role: 'owner' }] });
  try {
    const collectorRoute = drainRoute('collector', (req, res, raw) => toCollector(collector, req, res, raw));
    bench.harness.route(collectorRoute.handler);
    const toPglite = await drainOnce(bench, 'collector', collectorRoute, TOKEN);
    log(`  drain to the PGlite collector: ${Math.round(toPglite.eventsPerSecond)} events/s`);
    const sequential = await sequentialIngest(collector, Math.round(toPglite.eventsPerRequest));
    log(`  the collector's own sequential ingest: ${Math.round(sequential)} events/s`);
    return {
      instant,
      collector: toPglite,
      collectorSequentialPerSecond: sequential,
      collectorRatio: toPglite.eventsPerSecond / sequential,
    };
  } finally {
    await collector.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Alone: `npx tsx bench/lib/drain.ts`.
if (process.argv[1]?.endsWith('drain.ts')) {
  const { startBenchBrowser } = await import('./browser.js');
  const bench = await startBenchBrowser();
  try {
    console.log(JSON.stringify(await measureDrain(bench, console.log), null, 2));
  } finally {
    await bench.close();
  }
}
