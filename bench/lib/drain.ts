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
import type { BenchBrowser } from './browser.js';

/** The backlog of the issue: 30,000 events stored while the endpoint refused. */
export const DRAIN_EVENTS = 30_000;
/** Runs of each drain; the figures are their medians (a run's rate varies by a third on a shared 2-core machine). */
export const DRAIN_RUNS = 3;
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
  /** The run with the median rate, of `DRAIN_RUNS`. */
  readonly instant: DrainRun;
  readonly collector: DrainRun;
  /** The same collector's ingest from Node, the page's requests sent again one at a time, events/s (median). */
  readonly collectorSequentialPerSecond: number;
  /** Median of each run's drain rate over its own sequential rate. */
  readonly collectorRatio: number;
  readonly runs: readonly { instant: number; collector: number; sequential: number }[];
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const medianRun = (runs: readonly DrainRun[]): DrainRun =>
  runs.find((run) => run.eventsPerSecond === median(runs.map((r) => r.eventsPerSecond)))!;

/** What bench/pages/drain.html puts on `window`. */
interface DrainPage {
  fill(n: number, endpoint: string, dbName: string, token?: string): Promise<number>;
  drain(endpoint: string, dbName: string, token: string | undefined, timeoutMs: number): Promise<number>;
}

/** A request as the page sent it, for the collector's own sequential run. */
interface Sent {
  readonly body: Buffer;
  readonly encoding: string | undefined;
}

/** Serves /drain/<name>/v1/logs: refused (503) while `refusing`, else answered by `answer`. */
function drainRoute(name: string, answer: (req: IncomingMessage, res: ServerResponse, raw: Buffer) => Promise<void>) {
  const state = { refusing: true, sent: [] as Sent[] };
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.url !== `/drain/${name}/v1/logs` || req.method !== 'POST') return false;
    const raw = await readBody(req);
    if (state.refusing) {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"refusing"}');
      return true;
    }
    await answer(req, res, raw);
    // Kept, and counted once the drain is over: parsing them here would take the server's
    // thread from the next request, which the collector's own sequential run does not pay.
    state.sent.push({ body: raw, encoding: req.headers['content-encoding'] });
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
  route.state.sent = [];
  const ms = await page.evaluate(
    ({ endpoint, token, timeoutMs }) => (window as unknown as DrainPage).drain(endpoint, 'drain', token, timeoutMs),
    { endpoint, token, timeoutMs: DRAIN_FLUSH_TIMEOUT_MS },
  );
  await page.context().close();
  const { sent } = route.state;
  const arrived = sent.reduce((n, { body, encoding }) => {
    const text = (encoding === 'gzip' ? gunzipSync(body) : body).toString('utf8');
    return n + ((JSON.parse(text) as { events?: unknown[] }).events?.length ?? 0);
  }, 0);
  if (arrived < events) throw new Error(`drain to ${name}: ${arrived} of ${events} events arrived`);
  return {
    events: arrived,
    ms,
    eventsPerSecond: arrived / (ms / 1000),
    requests: sent.length,
    eventsPerRequest: arrived / sent.length,
    bytesPerRequest: sent.reduce((n, { body }) => n + body.length, 0) / sent.length,
  };
}

/**
 * The collector's own rate: the requests the page sent (same bodies, gzipped as they were), sent
 * again from Node one at a time to a fresh collector, so that none of their events is a duplicate.
 */
async function sequentialIngest(sent: readonly Sent[], events: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'labeltrail-bench-drain-seq-'));
  const collector = await createCollector({ dataDir: dir, tokens: [{ token: TOKEN, user: 'u-17', role: 'owner' }] });
  try {
    const { url } = await collector.listen({ port: 0 });
    const t0 = performance.now();
    for (const { body, encoding } of sent) {
      const response = await fetch(`${url}/v1/logs`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          ...(encoding && { 'content-encoding': encoding }),
        },
        body: new Uint8Array(body),
      });
      if (!response.ok) throw new Error(`sequential ingest failed: ${response.status}`);
      await response.arrayBuffer();
    }
    return events / ((performance.now() - t0) / 1000);
  } finally {
    await collector.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One drain to the PGlite collector (fresh), and the same requests sent again from Node. */
async function drainToCollector(bench: BenchBrowser, name: string): Promise<[DrainRun, number]> {
  const dir = mkdtempSync(join(tmpdir(), 'labeltrail-bench-drain-'));
  const collector = await createCollector({ dataDir: dir, tokens: [{ token: TOKEN, user: 'u-17', role: 'owner' }] });
  try {
    const route = drainRoute(name, (req, res, raw) => toCollector(collector, req, res, raw));
    bench.harness.route(route.handler);
    const run = await drainOnce(bench, name, route, TOKEN);
    return [run, await sequentialIngest(route.state.sent, run.events)];
  } finally {
    await collector.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureDrain(bench: BenchBrowser, log: (line: string) => void): Promise<DrainFigures> {
  const instantRoute = drainRoute('instant', async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  bench.harness.route(instantRoute.handler);
  const instant: DrainRun[] = [];
  const collector: DrainRun[] = [];
  const sequential: number[] = [];
  for (let i = 0; i < DRAIN_RUNS; i++) {
    instant.push(await drainOnce(bench, 'instant', instantRoute));
    const [run, own] = await drainToCollector(bench, `collector-${i}`);
    collector.push(run);
    sequential.push(own);
    log(
      `  run ${i + 1}: at once ${Math.round(instant[i]!.eventsPerSecond)} events/s; to the PGlite collector ` +
        `${Math.round(run.eventsPerSecond)} events/s, its own sequential ingest ${Math.round(own)} events/s`,
    );
  }
  return {
    instant: medianRun(instant),
    collector: medianRun(collector),
    collectorSequentialPerSecond: median(sequential),
    collectorRatio: median(collector.map((run, i) => run.eventsPerSecond / sequential[i]!)),
    runs: instant.map((run, i) => ({
      instant: run.eventsPerSecond,
      collector: collector[i]!.eventsPerSecond,
      sequential: sequential[i]!,
    })),
  };
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
