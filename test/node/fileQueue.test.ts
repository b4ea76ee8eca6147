// The on-disk queue: what it acknowledged is there after a reopen (and after a torn write),
// bounds hold and are remembered, compaction keeps the live events, one process per directory.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { FileQueue } from '../../src/node/FileQueue.js';
import { TrailConfigError } from '../../src/TrailConfigError.js';
import type { TrailEvent } from '../../src/events/schema.js';
import type { QueueLimits } from '../../src/queue/Queue.js';

const dirs: string[] = [];
const open: FileQueue[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((q) => q.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const LIMITS: QueueLimits = { maxEvents: 1000, maxBytes: 1 << 24, maxAgeMs: 1e9 };
let seq = 0;
const event = (note = ''): TrailEvent =>
  ({
    id: `0190b3f2-7c4e-7d2a-9f1e-${String(seq++).padStart(12, '0')}`,
    type: 'label.added',
    code: 0,
    time: 1,
    mono: 0,
    session: '0190b3f2-7c4e-7d2a-9f1e-2b3c4d5e6f70',
    seq,
    actor: { id: 'u' },
    context: note ? { item: note } : {},
  }) as TrailEvent;
const chunk = (n: number, note = '') => {
  const events = Array.from({ length: n }, () => event(note));
  return { events, bytes: JSON.stringify(events).length };
};

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'labeltrail-fq-'));
  dirs.push(dir);
  return dir;
}

function openQueue(dir: string, limits = LIMITS, compactMinBytes?: number): FileQueue {
  const queue = FileQueue.open(dir, limits, { compactMinBytes });
  open.push(queue);
  return queue;
}

async function reopen(queue: FileQueue, limits = LIMITS): Promise<FileQueue> {
  await queue.close();
  open.splice(open.indexOf(queue), 1);
  return openQueue(queue.dir, limits);
}

test('chunks, settles and parked rejections survive a reopen', async () => {
  let queue = openQueue(tempDir());
  const a = await queue.appendChunks([chunk(3), chunk(2)], 100);
  expect(a.key).toBe(2);
  const batch = await queue.take(4, 1e9);
  expect(batch.events).toHaveLength(3); // whole chunks only
  await queue.settle(batch, new Map([[batch.events[1]!.id, 'label.name: too long']]), 200);
  queue = await reopen(queue);
  expect(await queue.totals()).toMatchObject({ events: 2 });
  expect(await queue.highestKey()).toBe(2);
  expect((await queue.rejected()).map((r) => [r.event.id, r.reason, r.at])).toEqual([
    [batch.events[1]!.id, 'label.name: too long', 200],
  ]);
  const next = await queue.appendChunks([chunk(1)], 300);
  expect(next.key).toBe(3); // keys keep growing across restarts
  expect(await queue.pendingChunks(3)).toBe(2);
});

test('a write cut short by a crash is dropped at the next open; whole records before it stay', async () => {
  let queue = openQueue(tempDir());
  await queue.appendChunks([chunk(2)], 1);
  await queue.close();
  open.splice(0);
  const log = join(queue.dir, 'queue.log');
  const whole = readFileSync(log, 'utf8');
  appendFileSync(log, '{"c":2,"at":1,"b":10,"e":[{"id":"tor');
  queue = openQueue(queue.dir);
  expect(await queue.totals()).toMatchObject({ events: 2 });
  expect(readFileSync(log, 'utf8')).toBe(whole);
  await queue.appendChunks([chunk(1)], 2);
  queue = await reopen(queue);
  expect(await queue.totals()).toMatchObject({ events: 3 });
});

test('bounds drop the oldest events, report them, and the drops are remembered', async () => {
  const limits = { ...LIMITS, maxEvents: 5 };
  let queue = openQueue(tempDir(), limits);
  await queue.appendChunks([chunk(3)], 1);
  const full = await queue.appendChunks([chunk(4)], 2);
  expect(full).toMatchObject({ droppedFull: 2, droppedExpired: 0, totals: { events: 5 } });
  queue = await reopen(queue, limits);
  expect(await queue.totals()).toMatchObject({ events: 5 });
  const aged = await queue.appendChunks([chunk(1)], 2 + LIMITS.maxAgeMs + 1);
  expect(aged.droppedExpired).toBe(5);
});

test('compaction rewrites the journal as its live records', async () => {
  let queue = openQueue(tempDir(), LIMITS, 64 * 1024);
  for (let i = 0; i < 40; i++) {
    await queue.appendChunks([chunk(20, 'x'.repeat(60))], i);
    await queue.settle(await queue.take(20, 1e9), new Map(), i);
  }
  await queue.appendChunks([chunk(2, 'kept')], 99);
  const log = join(queue.dir, 'queue.log');
  expect(statSync(log).size).toBeLessThan(64 * 1024 + 40_000);
  queue = await reopen(queue);
  expect(await queue.totals()).toMatchObject({ events: 2 });
  expect((await queue.take(10, 1e9)).events.map((e) => e.context.item)).toEqual(['kept', 'kept']);
});

test('one process per directory: a live holder is refused, a dead one’s lock is taken over', async () => {
  const dir = tempDir();
  const queue = openQueue(dir);
  expect(() => FileQueue.open(dir, LIMITS)).toThrow(TrailConfigError);
  await queue.close();
  open.splice(0);
  // A lock left by a process that no longer exists (pid far above any in use).
  writeFileSync(join(dir, 'lock'), '4000000');
  expect(openQueue(dir)).toBeInstanceOf(FileQueue);
});

test('appendChunksSync is durable before it returns, for exit handlers', async () => {
  let queue = openQueue(tempDir());
  queue.appendChunksSync([chunk(2)], 1);
  expect(readFileSync(join(queue.dir, 'queue.log'), 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
  queue = await reopen(queue);
  expect(await queue.totals()).toMatchObject({ events: 2 });
});
