// labeltrail/node survives a process kill: a backend process logging a burst is SIGKILLed
// mid-burst, started again on the same directory, and every event whose write had completed
// (a whole record in its journal) reaches the collector, stored once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCollector, type Collector } from '../../src/collector/index.js';

const TOKEN = 'backend-service-token';
const FIXTURE = join(import.meta.dirname, 'fixtures/backendProcess.ts');
let collector: Collector;
let endpoint: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'labeltrail-node-kill-'));
  // The backend's token ties its writes to its own user, as an editor's does.
  collector = await createCollector({ tokens: [{ token: TOKEN, user: 'backend', role: 'annotator' }] });
  const { url } = await collector.listen({ port: 0 });
  endpoint = `${url}/v1/logs`;
});
afterAll(async () => {
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(mode: 'burst' | 'deliver'): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, DIR: dir, ENDPOINT: endpoint, TOKEN, MODE: mode, COUNT: '20000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  child.stdout!.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

/** Ids of every event in a whole chunk record of the journal: the writes that completed. */
function journalled(): Set<string> {
  const ids = new Set<string>();
  const text = readFileSync(join(dir, 'queue.log'), 'utf8');
  for (const line of text.split('\n').slice(0, -1)) {
    const record = JSON.parse(line) as { e?: { id: string }[] };
    for (const e of record.e ?? []) ids.add(e.id);
  }
  return ids;
}

async function storedIds(): Promise<string[]> {
  const result = await collector.db.query<{ id: string }>('SELECT id::text AS id FROM labeltrail_events');
  return result.rows.map((r) => r.id);
}

test('SIGKILL mid-burst, restart on the same dir: every completed write delivered, each stored once', async () => {
  const burst = run('burst');
  // Kill it mid-burst: once it has accepted a few thousand events and is still going.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no progress: ${burst.lines.join(' | ')}`)), 30_000);
    const poll = setInterval(() => {
      const last = burst.lines.filter((l) => l.startsWith('accepted ')).at(-1);
      if (last && Number(last.split(' ')[1]) >= 4000) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }
    }, 2);
  });
  burst.child.kill('SIGKILL');
  expect(await burst.exited).toBe(null);
  expect(burst.lines).not.toContain('burst done');
  const durable = journalled();
  const accepted = Number(
    burst.lines
      .filter((l) => l.startsWith('accepted '))
      .at(-1)!
      .split(' ')[1],
  );
  const beforeRestart = new Set(await storedIds());
  // At this pace the write window (one write delay and one write) holds a few dozen events.
  expect(durable.size).toBeGreaterThan(accepted - 500);

  const again = run('deliver');
  expect(await again.exited).toBe(0);
  expect(again.lines).toContain('delivered');
  const stored = await storedIds();
  // Every event whose write completed is stored, and only once (ids are the primary key).
  const storedSet = new Set(stored);
  expect(stored.length).toBe(storedSet.size);
  const missing = [...durable].filter((id) => !storedSet.has(id));
  expect(missing).toEqual([]);
  // Nothing arrives that the process did not write (stored ⊆ journalled).
  expect(stored.filter((id) => !durable.has(id))).toEqual([]);
  console.info(
    `node kill/restart: ${accepted}+ accepted before the kill, ${durable.size} written, ` +
      `${beforeRestart.size} delivered before it, ${stored.length} stored after the restart`,
  );
});
