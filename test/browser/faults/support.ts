// Shared rig of the fault and load suite: the page server of the browser harness, the real
// reference collector behind it (temp data directory, real tokens), a programmable fault
// step in front of the collector that records every request, and the report table.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCollector, type Collector } from '../../../src/collector/index.js';
import { idsOf, readBody, startHarness, type Harness } from '../harness.js';
import type { EngineContext, EnginePage } from '../engines/engine.js';
import { ENGINE } from '../engines/useEngine.js';

/**
 * How long the long-running scenarios run. `npm test` always runs the short lengths, whatever
 * the environment; `npm run bench -- --soak` runs the same files with LABELTRAIL_SOAK=1.
 */
export interface Lengths {
  readonly name: 'short' | 'soak';
  /** Scenario 3: time offline while 500 events a second are stored (90,000 in the soak). */
  readonly offlineMs: number;
  /** Scenario 3: the stated `flush()` timeout for draining that backlog once online. */
  readonly offlineFlushTimeoutMs: number;
  /** Scenario 4: how long the endpoint answers 500. */
  readonly failForMs: number;
  /** Scenario 8: seconds of load, and tabs loading at once. */
  readonly loadSeconds: number;
  readonly loadTabs: number;
}

const SHORT: Lengths = {
  name: 'short',
  offlineMs: 15_000,
  offlineFlushTimeoutMs: 60_000,
  failForMs: 3_000,
  loadSeconds: 15,
  loadTabs: 3,
};
const SOAK: Lengths = {
  name: 'soak',
  offlineMs: 180_000,
  offlineFlushTimeoutMs: 180_000,
  failForMs: 10_000,
  loadSeconds: 60,
  loadTabs: 4,
};

export const LENGTHS: Lengths = process.env.LABELTRAIL_SOAK === '1' ? SOAK : SHORT;

export const TOKENS = {
  u1: 'tok-annotator-u1-0123456789',
  u2: 'tok-annotator-u2-0123456789',
  admin: 'tok-admin-0123456789abcdef',
};

/** One request that reached the fault step. */
export interface Arrival {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly ids: string[];
  readonly authorization: string | undefined;
  /** What the step did: passed it to the collector, or answered / cut it itself. */
  outcome: 'pass' | 'fault' | 'destroy';
  status?: number;
  retryAfter?: string;
  answeredAt?: number;
  /** Collector processing time (ms) for passed requests. */
  handleMs?: number;
  answer?: { accepted?: number; duplicates?: number; rejected?: { id: string | null; reason: string }[] };
}

/** What the fault step does with one request. */
export type Fault =
  | { kind: 'pass'; delayMs?: number; delayAfterStoreMs?: number }
  | { kind: 'answer'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'destroy' };

export interface Rig {
  readonly harness: Harness;
  readonly collector: Collector;
  readonly origin: string;
  readonly arrivals: Arrival[];
  /** Decides each /v1/logs POST's fate; default: pass. */
  fault(decide: ((arrival: Arrival) => Fault) | undefined): void;
  /** Requests currently between arrival and answer. */
  inFlight(): number;
  /** Largest number of log POSTs that were in flight at once. */
  maxConcurrent(): number;
  resetRecording(): void;
  /** Stored rows: id → count, and (session, seq) of each. */
  stored(): Promise<{ rows: number; ids: Set<string>; dupRows: number; bySession: Map<string, number[]> }>;
  close(): Promise<void>;
}

/** Event ids of a request body as it came over the wire; none when it is not a batch. */
function idsOnWire(raw: Buffer, encoding: string | undefined): string[] {
  try {
    return idsOf(JSON.parse((encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')));
  } catch {
    return [];
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startRig(): Promise<Rig> {
  const harness = await startHarness();
  const dataDir = mkdtempSync(join(tmpdir(), 'labeltrail-faults-db-'));
  const collector = await createCollector({
    dataDir,
    tokens: [
      { token: TOKENS.u1, user: 'u-1', role: 'annotator', team: 'red' },
      { token: TOKENS.u2, user: 'u-2', role: 'annotator', team: 'blue' },
      { token: TOKENS.admin, user: 'boss', role: 'admin' },
    ],
  });
  const arrivals: Arrival[] = [];
  let decide: ((arrival: Arrival) => Fault) | undefined;
  let open = 0;
  let maxOpen = 0;

  harness.route(async (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith('/v1/')) return false;
    const path = req.url.split('?')[0]!;
    const raw = req.method === 'POST' || req.method === 'PUT' ? await readBody(req) : Buffer.alloc(0);
    const arrival: Arrival = {
      at: Date.now(),
      method: req.method ?? 'GET',
      path,
      ids: req.method === 'POST' ? idsOnWire(raw, req.headers['content-encoding']) : [],
      authorization: req.headers.authorization,
      outcome: 'pass',
    };
    const isLogPost = req.method === 'POST' && path === '/v1/logs';
    if (isLogPost) {
      arrivals.push(arrival);
      open++;
      maxOpen = Math.max(maxOpen, open);
    }
    try {
      const fault: Fault = (isLogPost && decide?.(arrival)) || { kind: 'pass' };
      if (fault.kind === 'destroy') {
        arrival.outcome = 'destroy';
        req.socket.destroy();
        return true;
      }
      if (fault.kind === 'answer') {
        arrival.outcome = 'fault';
        arrival.status = fault.status;
        arrival.retryAfter = fault.headers?.['retry-after'];
        arrival.answeredAt = Date.now();
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(JSON.stringify(fault.body ?? { error: `injected ${fault.status}` }));
        return true;
      }
      if (fault.delayMs) await sleep(fault.delayMs);
      // The collector reads the body again from a stream of the bytes already received.
      const fake = Object.assign(Readable.from(raw.length ? [raw] : []), {
        headers: req.headers,
        method: req.method,
        url: req.url,
      }) as unknown as IncomingMessage;
      let written = '';
      let status = 0;
      const captured = {
        writeHead(code: number, headers?: Record<string, string | number>) {
          status = code;
          if (headers) for (const [k, v] of Object.entries(headers)) if (k !== 'content-length') res.setHeader(k, v);
          return captured;
        },
        setHeader: (k: string, v: string) => res.setHeader(k, v),
        end(chunk?: string) {
          written += chunk ?? '';
          return captured;
        },
        write(chunk: string) {
          written += chunk;
          return true;
        },
        on: () => captured,
        off: () => captured,
        get headersSent() {
          return status !== 0;
        },
        destroy: () => res.destroy(),
      };
      const started = performance.now();
      await collector.handle(fake, captured as unknown as ServerResponse);
      arrival.handleMs = performance.now() - started;
      arrival.status = status;
      try {
        arrival.answer = JSON.parse(written) as Arrival['answer'];
      } catch {
        // CSV or empty
      }
      if (fault.delayAfterStoreMs) await sleep(fault.delayAfterStoreMs);
      arrival.answeredAt = Date.now();
      if (!res.destroyed) {
        res.writeHead(status, { 'content-length': Buffer.byteLength(written) });
        res.end(written);
      }
      return true;
    } finally {
      if (isLogPost) open--;
    }
  });

  return {
    harness,
    collector,
    origin: harness.origin,
    arrivals,
    fault(next) {
      decide = next;
    },
    inFlight: () => open,
    maxConcurrent: () => maxOpen,
    resetRecording() {
      arrivals.length = 0;
      maxOpen = open;
    },
    async stored() {
      const result = await collector.db.query<{ id: string; session: string; seq: number }>(
        `SELECT id::text AS id, session::text AS session, (event::json->>'seq')::int AS seq FROM labeltrail_events`,
      );
      const ids = new Set(result.rows.map((r) => r.id));
      const bySession = new Map<string, number[]>();
      for (const r of result.rows) {
        const list = bySession.get(r.session) ?? [];
        list.push(Number(r.seq));
        bySession.set(r.session, list);
      }
      return { rows: result.rows.length, ids, dupRows: result.rows.length - ids.size, bySession };
    },
    async close() {
      await harness.close();
      await collector.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Ids that arrived in more than one request the collector answered 200. */
export function duplicatesSent(arrivals: readonly Arrival[], among?: ReadonlySet<string>): number {
  const seen = new Set<string>();
  let dups = 0;
  for (const a of arrivals) {
    if (a.outcome !== 'pass' || a.status !== 200) continue;
    for (const id of a.ids) {
      if (among && !among.has(id)) continue;
      if (seen.has(id)) dups++;
      else seen.add(id);
    }
  }
  return dups;
}

/** Sessions whose stored seqs are not exactly 0..n-1 once each. */
export function seqGaps(bySession: ReadonlyMap<string, number[]>, sessions?: Iterable<string>): string[] {
  const bad: string[] = [];
  for (const session of sessions ?? bySession.keys()) {
    const seqs = [...(bySession.get(session) ?? [])].sort((a, b) => a - b);
    if (seqs.some((s, i) => s !== i)) bad.push(session);
  }
  return bad;
}

// --- pages --------------------------------------------------------------------------------

export type Win = Window & Record<string, any>;
export const PAGE = '/test/browser/pages/faults.html';

/** Opens the fault page and starts a trail with the u-1 token unless told otherwise. */
export async function openTrail(
  context: EngineContext,
  origin: string,
  options: Record<string, unknown> = {},
): Promise<EnginePage> {
  const page = await context.newPage();
  await page.goto(`${origin}${PAGE}`);
  await page.waitForFunction(() => (window as Win).ready === true);
  await page.evaluate((o) => (window as Win).start(o), { token: TOKENS.u1, ...options });
  return page;
}

/** Emits n valid events synchronously in the page; returns their ids. */
export function emit(page: EnginePage, n: number, prefix: string): Promise<string[]> {
  return page.evaluate(({ n, prefix }) => (window as Win).emit(n, prefix) as string[], { n, prefix });
}

/** Ids of every event now stored in the page's IndexedDB queue. */
export function idbIds(page: EnginePage, dbName = 'labeltrail'): Promise<string[]> {
  return page.evaluate((name) => (window as Win).idbIds(name) as Promise<string[]>, dbName);
}

/** Uncaught exceptions and unhandled rejections the page saw. */
export function pageErrors(page: EnginePage): Promise<string[]> {
  return page.evaluate(() => (window as Win).pageErrors as string[]);
}

// --- report -------------------------------------------------------------------------------

export interface Row {
  scenario: string;
  /** Filled in by report(): the engine of this run. */
  engine?: string;
  emitted: number;
  persisted: number | string;
  stored: number;
  duplicatesStored: number;
  duplicatesSent: number;
  lost: number;
  figure: string;
}

const OUT = join(process.cwd(), 'test-results');
const ENGINE_ORDER = ['chromium', 'firefox', 'webkit'];
const ROWS = join(OUT, 'faults.rows.jsonl');
// Rows of one `vitest run` share the runner's process id; older rows are dropped.
const RUN = String(process.ppid);

/** Adds this engine's row and rewrites test-results/faults.md and faults.json from this run's rows. */
export function report(scenarioRow: Row): void {
  const row = { ...scenarioRow, engine: ENGINE };
  mkdirSync(OUT, { recursive: true });
  const previous = existsSync(ROWS)
    ? readFileSync(ROWS, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Row & { run: string })
        .filter((r) => r.run === RUN && !(r.scenario === row.scenario && r.engine === row.engine))
    : [];
  const rows = [...previous, { ...row, run: RUN }].sort(
    (a, b) =>
      a.scenario.localeCompare(b.scenario, 'en', { numeric: true }) ||
      ENGINE_ORDER.indexOf(a.engine ?? '') - ENGINE_ORDER.indexOf(b.engine ?? ''),
  );
  writeFileSync(ROWS, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const head =
    '| scenario | engine | emitted | persisted | stored (unique) | duplicates stored | duplicates sent | lost | ' +
    'figure |';
  const lines = [
    `# labeltrail fault and load suite (${LENGTHS.name} lengths)`,
    '',
    head,
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.engine ?? 'chromium'} | ${r.emitted} | ${r.persisted} | ${r.stored} | ` +
        `${r.duplicatesStored} | ` +
        `${r.duplicatesSent} | ${r.lost} | ${r.figure} |`,
    ),
    '',
  ];
  writeFileSync(join(OUT, 'faults.md'), lines.join('\n'));
  writeFileSync(
    join(OUT, 'faults.json'),
    JSON.stringify({ lengths: LENGTHS.name, rows: rows.map(({ run: _run, ...r }) => r) }, null, 2),
  );
  console.log([head, ...lines.slice(3, -1)].join('\n'));
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
