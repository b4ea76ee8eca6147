// The Node trail's durable queue, measured two ways on this machine's disk: labeltrail's
// append-only journal (one write + fdatasync per chunk) and an embedded database (PGlite on
// disk, one INSERT of the chunk per write, as an embedded store would be used). `npx tsx
// bench/nodeQueue.ts`; prints median and p95 per write and events/s for a burst.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { FileQueue } from '../src/node/FileQueue.js';
import type { TrailEvent } from '../src/events/schema.js';

const WRITES = 200;
const SIZES = [1, 50, 500];
const LIMITS = { maxEvents: 1e6, maxBytes: 1 << 30, maxAgeMs: 1e12 };

const event = (i: number): TrailEvent =>
  ({
    id: `0190b3f2-7c4e-7d2a-9f1e-${String(i).padStart(12, '0')}`,
    type: 'project.exported',
    code: null,
    category: 'project',
    kind: 'create',
    time: Date.now(),
    mono: i,
    session: '0190b3f2-7c4e-7d2a-9f1e-2b3c4d5e6f70',
    seq: i,
    actor: { id: 'backend', email: 'ops@example.com' },
    context: { project: 'p-17', dataset: 'd-3' },
    payload: { format: 'coco', items: 1200 },
  }) as TrailEvent;

const chunkOf = (n: number, from: number) => {
  const events = Array.from({ length: n }, (_, i) => event(from + i));
  return { events, bytes: JSON.stringify(events).length };
};

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;

async function measure(name: string, write: (n: number, from: number) => Promise<void>): Promise<void> {
  for (const n of SIZES) {
    const times: number[] = [];
    const started = performance.now();
    for (let w = 0; w < WRITES; w++) {
      const t = performance.now();
      await write(n, w * n);
      times.push(performance.now() - t);
    }
    const seconds = (performance.now() - started) / 1000;
    const rate = Math.round((WRITES * n) / seconds).toLocaleString('en');
    console.log(
      `${name.padEnd(8)} ${String(n).padStart(3)} events/write: median ${quantile(times, 0.5).toFixed(2)} ms, ` +
        `p95 ${quantile(times, 0.95).toFixed(2)} ms, ${rate} events/s`,
    );
  }
}

const dir = mkdtempSync(join(tmpdir(), 'labeltrail-bench-'));
try {
  let t = performance.now();
  const queue = await FileQueue.open(join(dir, 'journal'), LIMITS);
  console.log(`journal  open: ${(performance.now() - t).toFixed(1)} ms`);
  let base = 0;
  await measure('journal', async (n) => void (await queue.appendChunks([chunkOf(n, (base += n))], Date.now())));
  await queue.close();
  t = performance.now();
  const reopened = await FileQueue.open(join(dir, 'journal'), LIMITS);
  console.log(
    `journal  reopen with ${(await reopened.totals()).events} events: ${(performance.now() - t).toFixed(1)} ms`,
  );
  await reopened.close();

  t = performance.now();
  const db = new PGlite(join(dir, 'pglite'));
  await db.query('CREATE TABLE chunks (key bigserial PRIMARY KEY, at bigint, events text)');
  console.log(`pglite   open (initdb): ${(performance.now() - t).toFixed(1)} ms`);
  await measure('pglite', async (n, from) => {
    await db.query('INSERT INTO chunks (at, events) VALUES ($1, $2)', [
      Date.now(),
      JSON.stringify(chunkOf(n, from).events),
    ]);
  });
  await db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
