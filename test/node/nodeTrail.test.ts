// labeltrail/node's trail: the browser trail's API and wire format, a bearer token from the
// options, one process per directory, and nothing lost by an ordinary exit.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createCollector, type Collector } from '../../src/collector/index.js';
import { createTrail, TrailConfigError, type NodeTrail } from '../../src/node/index.js';
import { platformTypes } from '../../src/types/platform/index.js';
import type { TrailEvent } from '../../src/events/schema.js';

const TOKEN = 'backend-service-token';
const FIXTURE = join(import.meta.dirname, 'fixtures/backendProcess.ts');
let collector: Collector;
let endpoint: string;
const dirs: string[] = [];
const trails: NodeTrail[] = [];

beforeAll(async () => {
  collector = await createCollector({ tokens: [{ token: TOKEN, user: 'backend', role: 'annotator' }] });
  endpoint = `${(await collector.listen({ port: 0 })).url}/v1/logs`;
});
afterEach(async () => {
  await Promise.all(trails.splice(0).map((t) => t.close()));
  await collector.db.query('DELETE FROM labeltrail_events');
});
afterAll(async () => {
  await collector?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'labeltrail-node-'));
  dirs.push(dir);
  return dir;
}

async function stored(): Promise<TrailEvent[]> {
  const rows = await collector.db.query<{ event: string }>('SELECT event FROM labeltrail_events ORDER BY time_ms, id');
  return rows.rows.map((r) => JSON.parse(r.event) as TrailEvent);
}

test('a backend logs custom and built-in events with its token; they arrive as the browser sends them', async () => {
  const trail = createTrail({
    dir: tempDir(),
    endpoint,
    token: TOKEN,
    actor: { id: 'backend' },
    types: platformTypes,
    batch: { delayMs: 10 },
  });
  trails.push(trail);
  const statuses: string[] = [];
  trail.status$.subscribe((s) => statuses.push(s.storage));
  const exported = trail.track('project.exported', { context: { project: 'p1' }, payload: { format: 'coco' } });
  trail.track('item.review_status', { context: { item: 'img-3' }, payload: { status: 'done' } });
  // @ts-expect-error -- a misspelt type does not compile in Node either
  expect(trail.track('project.exportd')).toBeUndefined();
  await trail.flush({ timeoutMs: 10_000 });
  const events = await stored();
  expect(events.map((e) => [e.type, e.code, e.category, e.kind])).toEqual([
    ['project.exported', null, 'project', 'create'],
    ['item.review_status', null, undefined, undefined],
  ]);
  expect(events[0]).toEqual(exported);
  expect(statuses).toContain('file');
  // The token ties the writer to its user: another actor's event is rejected, and parked.
  trail.track('user.login', { actor: { id: 'someone-else' } });
  await trail.flush({ timeoutMs: 10_000 });
  expect((await trail.rejectedEvents()).map((r) => r.reason)).toEqual([expect.stringMatching(/^actor\.id: /)]);
});

test('options are checked: a directory in use, a missing directory, a bad token', async () => {
  const dir = tempDir();
  const first = createTrail({ dir, endpoint, token: TOKEN, actor: { id: 'backend' } });
  trails.push(first);
  const problem = (options: object): TrailConfigError => {
    try {
      createTrail({ endpoint, actor: { id: 'backend' }, ...options } as never);
    } catch (error) {
      if (error instanceof TrailConfigError) return error;
      throw error;
    }
    throw new Error('expected a TrailConfigError');
  };
  expect(problem({ dir }).option).toBe('dir');
  expect(problem({ dir: '' }).option).toBe('dir');
  expect(problem({ dir: tempDir(), token: 'two words' }).option).toBe('token');
  expect(problem({ dir: tempDir(), endpoint: 'http://example.com/v1/logs' }).option).toBe('endpoint');
  await first.close();
  // Closed, the directory is free again.
  trails.push(createTrail({ dir, endpoint, token: TOKEN, actor: { id: 'backend' } }));
});

function run(dir: string, mode: string, count: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, DIR: dir, ENDPOINT: endpoint, TOKEN, MODE: mode, COUNT: String(count) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('exit', () => resolve(out)));
}

test('process.exit() right after a burst loses nothing: written at exit, delivered by the next start', async () => {
  const dir = tempDir();
  // The endpoint is unreachable for the first process, so nothing is delivered before it exits.
  expect(await run(dir, 'exit', 1200)).toContain('accepted 1200');
  expect(await run(dir, 'deliver', 0)).toContain('delivered');
  const events = await stored();
  expect(events.filter((e) => e.type === 'model.inference')).toHaveLength(1200);
  expect(new Set(events.map((e) => e.seq)).size).toBe(1200);
});

test('one flush() delivers the notice of drops it made room for, with a batch as large as the queue', async () => {
  const { createServer } = await import('node:http');
  let refusing = true;
  const delivered: TrailEvent[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      if (refusing) return res.writeHead(503).end('{}');
      delivered.push(...(JSON.parse(Buffer.concat(parts).toString('utf8')) as { events: TrailEvent[] }).events);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const trail = createTrail({
      dir: tempDir(),
      endpoint: `http://127.0.0.1:${port}/v1/logs`,
      actor: { id: 'backend' },
      gzip: false,
      queue: { maxEvents: 5 },
      batch: { maxEvents: 5, delayMs: 5 },
      retry: { baseMs: 100, maxMs: 100 },
    });
    trails.push(trail);
    let dropped = 0;
    trail.status$.subscribe((s) => (dropped = s.dropped));
    for (let i = 0; i < 8; i++) {
      trail.track('label.added');
      await new Promise((r) => setTimeout(r, 25)); // one chunk per event
    }
    refusing = false;
    await trail.flush({ timeoutMs: 10_000 });
    const notices = delivered.filter((e) => e.type === 'trail.dropped');
    expect(dropped).toBeGreaterThan(0);
    expect(notices.reduce((n, e) => n + (e.payload!.count as number), 0)).toBe(dropped);
  } finally {
    server.close();
  }
});
