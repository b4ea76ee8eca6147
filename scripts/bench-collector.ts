// Rough collector benchmark: ingest over HTTP into an on-disk PGlite, then time a filtered
// page and the stats query. `npx tsx scripts/bench-collector.ts [events] [batchSize]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCollector } from '../src/collector/index.js';
import { eventTypes, type EventType } from '../src/events/taxonomy.js';

const total = Number(process.argv[2] ?? 200_000);
const batchSize = Number(process.argv[3] ?? 1000);
const token = 'bench-owner-token';
const dir = mkdtempSync(join(tmpdir(), 'labeltrail-bench-'));
const collector = await createCollector({ dataDir: dir, tokens: [{ token, user: 'bench', role: 'owner' }] });
const { url } = await collector.listen({ port: 0 });
const types: EventType[] = ['label.added', 'label.edited', 'label.approved', 'label.rejected', 'task.submitted', 'item.opened'];
const start = 1_750_000_000_000;

function uuidv7(ms: number, n: number): string {
  const hex = ms.toString(16).padStart(12, '0');
  const tail = n.toString(16).padStart(15, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${tail.slice(0, 3)}-8${tail.slice(3, 6)}-${tail.slice(6).padStart(12, '0')}`;
}

// Bodies are built before the clock starts: the figure is the collector's cost, not the client's.
const bodies: string[] = [];
let sent = 0;
while (sent < total) {
  const events = [];
  for (let i = 0; i < batchSize && sent < total; i++, sent++) {
    const type = types[sent % types.length]!;
    const time = start + sent * 10;
    events.push({
      id: uuidv7(time, sent), type, code: eventTypes[type].code, time, mono: sent, seq: sent,
      session: '5b0c8a5e-2d6f-4b1e-9a3c-0f1e2d3c4b5a',
      actor: { id: `user-${sent % 50}` },
      context: { project: `p${sent % 5}`, item: `item-${sent % 5000}`, workflowStage: 'annotate' },
      label: { id: `L${sent}`, name: 'car' },
    });
  }
  bodies.push(JSON.stringify({ batchId: String(sent), sentAt: Date.now(), events }));
}
const t0 = performance.now();
for (const body of bodies) {
  const response = await fetch(`${url}/v1/logs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
  if (!response.ok) throw new Error(`ingest failed: ${response.status} ${await response.text()}`);
}
const ingestMs = performance.now() - t0;
console.log(`ingest: ${total} events in ${ingestMs.toFixed(0)} ms = ${Math.round(total / (ingestMs / 1000))} events/s (batches of ${batchSize})`);

async function timed(label: string, path: string): Promise<void> {
  const t = performance.now();
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await response.text();
  console.log(`${label}: ${(performance.now() - t).toFixed(1)} ms (status ${response.status})`);
}
const end = start + total * 10;
await timed('page, no filter', `/v1/logs?start=${start}&end=${end}&limit=100`);
await timed('page, actor filter', `/v1/logs?start=${start}&end=${end}&actor=user-7&limit=100`);
await timed('page, action filter', `/v1/logs?start=${start}&end=${end}&action=12&limit=100`);
await timed('page, item filter', `/v1/logs?start=${start}&end=${end}&item=item-42&limit=100`);
await timed('page, sort by action', `/v1/logs?start=${start}&end=${end}&sort=action&limit=100`);
await timed('stats, all', `/v1/stats?start=${start}&end=${end}`);
await timed('stats, one project', `/v1/stats?start=${start}&end=${end}&project=p1`);
await collector.close();
rmSync(dir, { recursive: true, force: true });
