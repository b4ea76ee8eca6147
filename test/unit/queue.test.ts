import { describe, expect, test, vi } from 'vitest';
import type { TrailEvent } from '../../src/events/schema.js';
import { uuidv7 } from '../../src/lib/uuidv7.js';
import { IdbQueue } from '../../src/queue/IdbQueue.js';
import { MemoryQueue } from '../../src/queue/MemoryQueue.js';
import type { Queue, QueueLimits } from '../../src/queue/Queue.js';

const session = uuidv7();
let seq = 0;
function events(n: number): TrailEvent[] {
  return Array.from({ length: n }, () => ({
    id: uuidv7(),
    type: 'label.added',
    code: 0,
    time: Date.now(),
    mono: 1,
    session,
    seq: seq++,
    actor: { id: 'u-1' },
    context: { item: 'img' },
  }));
}
const size = (list: TrailEvent[]): number => JSON.stringify(list).length;
const roomy: QueueLimits = { maxEvents: 1e6, maxBytes: 1e9, maxAgeMs: 1e12 };
let dbCount = 0;

const kinds: [string, (limits: QueueLimits) => Promise<Queue>][] = [
  ['MemoryQueue', async (limits) => new MemoryQueue(limits)],
  ['IdbQueue', (limits) => IdbQueue.open(`queue-test-${dbCount++}`, limits)],
];

describe.each(kinds)('%s', (_name, make) => {
  test('takeAfter reads the batch after a chunk, as take will once that chunk is settled', async () => {
    const q = await make(roomy);
    const a = events(3),
      b = events(4),
      c = events(5);
    for (const chunk of [a, b, c]) await q.appendChunks([{ events: chunk, bytes: size(chunk) }], Date.now());
    const first = await q.take(4, 1e9);
    const ahead = await q.takeAfter!(first.keys.at(-1)!, 4, 1e9);
    expect(ahead.events.map((e) => e.id)).toEqual(b.map((e) => e.id));
    await q.settle(first, new Map(), Date.now());
    expect(await q.take(4, 1e9)).toEqual(ahead);
    expect((await q.takeAfter!(ahead.keys.at(-1)!, 100, 1e9)).events.map((e) => e.id)).toEqual(c.map((e) => e.id));
  });

  test('takes whole chunks oldest first and removes only what is settled', async () => {
    const q = await make(roomy);
    const a = events(3),
      b = events(4),
      c = events(5);
    for (const chunk of [a, b, c]) await q.appendChunks([{ events: chunk, bytes: size(chunk) }], Date.now());
    const batch = await q.take(8, 1e9);
    expect(batch.events.map((e) => e.id)).toEqual([...a, ...b].map((e) => e.id));
    expect(await q.totals()).toMatchObject({ events: 12 });
    await q.settle(batch, new Map(), Date.now());
    expect(await q.totals()).toMatchObject({ events: 5 });
    expect((await q.take(100, 1e9)).events.map((e) => e.id)).toEqual(c.map((e) => e.id));
  });

  test('a chunk larger than a batch is taken as a prefix and the rest stays', async () => {
    const q = await make(roomy);
    const big = events(10);
    await q.appendChunks([{ events: big, bytes: size(big) }], Date.now());
    const first = await q.take(4, 1e9);
    expect(first.events.map((e) => e.seq)).toEqual(big.slice(0, 4).map((e) => e.seq));
    await q.settle(first, new Map(), Date.now());
    const rest = await q.take(100, 1e9);
    expect(rest.events.map((e) => e.seq)).toEqual(big.slice(4).map((e) => e.seq));
    // A byte limit cuts the same way.
    const byBytes = await q.take(100, Math.ceil(size(big) / 10) * 2);
    expect(byBytes.events.length).toBe(2);
  });

  test('events named as rejected are parked with the reason, the rest are gone', async () => {
    const q = await make(roomy);
    const list = events(4);
    await q.appendChunks([{ events: list, bytes: size(list) }], 1000);
    const batch = await q.take(10, 1e9);
    await q.settle(batch, new Map([[list[2]!.id, 'context.item: too long']]), 2000);
    expect(await q.totals()).toEqual({ events: 0, bytes: 0 });
    expect(await q.rejected()).toEqual([{ event: list[2], reason: 'context.item: too long', at: 2000 }]);
  });

  test('a dropped trail.dropped notice hands its count back, so it is reported again', async () => {
    const q = await make({ ...roomy, maxEvents: 4 });
    const notice: TrailEvent = {
      ...events(1)[0]!,
      type: 'trail.dropped',
      code: null,
      payload: { count: 7, reason: 'queue_full' },
    };
    await q.appendChunks([{ events: [notice], bytes: size([notice]) }], Date.now());
    const more = events(4);
    const result = await q.appendChunks([{ events: more, bytes: size(more) }], Date.now());
    expect(result.droppedFull).toBe(1);
    expect(result.droppedNotices).toEqual({ queue_full: 7, expired: 0 });
  });

  test('when full, the oldest events go first and are counted', async () => {
    const q = await make({ ...roomy, maxEvents: 10 });
    const first = events(6),
      second = events(6);
    await q.appendChunks([{ events: first, bytes: size(first) }], Date.now());
    const result = await q.appendChunks([{ events: second, bytes: size(second) }], Date.now());
    expect(result.droppedFull).toBe(2);
    expect(result.totals.events).toBe(10);
    const left = await q.take(100, 1e9);
    expect(left.events.map((e) => e.id)).toEqual([...first.slice(2), ...second].map((e) => e.id));
  });

  test('the byte bound drops oldest events too', async () => {
    const one = size(events(1));
    const q = await make({ ...roomy, maxBytes: one * 5 });
    const list = events(8);
    const result = await q.appendChunks([{ events: list, bytes: size(list) }], Date.now());
    expect(result.droppedFull).toBeGreaterThanOrEqual(3);
    expect(result.totals.bytes).toBeLessThanOrEqual(one * 5);
    const left = await q.take(100, 1e9);
    expect(left.events.at(-1)!.id).toBe(list.at(-1)!.id);
  });

  test('events older than the age bound are dropped as expired', async () => {
    const q = await make({ ...roomy, maxAgeMs: 1000 });
    const old = events(3),
      fresh = events(2);
    await q.appendChunks([{ events: old, bytes: size(old) }], 10_000);
    const result = await q.appendChunks([{ events: fresh, bytes: size(fresh) }], 20_000);
    expect(result).toMatchObject({ droppedExpired: 3, droppedFull: 0 });
    expect((await q.take(10, 1e9)).events.map((e) => e.id)).toEqual(fresh.map((e) => e.id));
  });

  test('pendingChunks and highestKey follow what is stored', async () => {
    const q = await make(roomy);
    expect(await q.highestKey()).toBe(0);
    const a = await q.appendChunks([{ events: events(2), bytes: 100 }], Date.now());
    const b = await q.appendChunks([{ events: events(3), bytes: 100 }], Date.now());
    expect(await q.highestKey()).toBe(b.key);
    expect(b.key).toBeGreaterThan(a.key);
    expect(await q.pendingChunks(a.key)).toBe(1);
    expect(await q.pendingChunks(b.key)).toBe(2);
    await q.settle(await q.take(2, 1e9), new Map(), Date.now());
    expect(await q.pendingChunks(a.key)).toBe(0);
    expect(await q.pendingChunks(b.key)).toBe(1);
  });
});

test('IdbQueue: settling re-reads a chunk another writer trimmed meanwhile', async () => {
  const name = `queue-test-${dbCount++}`;
  const reader = await IdbQueue.open(name, { ...roomy, maxEvents: 6 });
  const writer = await IdbQueue.open(name, { ...roomy, maxEvents: 6 });
  const first = events(4);
  await writer.appendChunks([{ events: first, bytes: size(first) }], Date.now());
  const batch = await reader.take(10, 1e9);
  // The other writer overflows the bound: two of the taken events are dropped under us.
  const second = events(4);
  const appended = await writer.appendChunks([{ events: second, bytes: size(second) }], Date.now());
  expect(appended.droppedFull).toBe(2);
  const totals = await reader.settle(batch, new Map(), Date.now());
  expect(totals.events).toBe(4);
  expect((await reader.take(10, 1e9)).events.map((e) => e.id)).toEqual(second.map((e) => e.id));
});

test('IdbQueue settles a batch of whole chunks without reading any of them again', async () => {
  const q = await IdbQueue.open(`queue-test-${dbCount++}`, roomy);
  const [a, b, c] = [events(3), events(4), events(5)];
  for (const chunk of [a, b, c]) await q.appendChunks([{ events: chunk, bytes: size(chunk) }], Date.now());
  const batch = await q.take(7, 1e9);
  const gets = vi.spyOn(IDBObjectStore.prototype, 'get');
  const cursors = vi.spyOn(IDBObjectStore.prototype, 'openCursor');
  const totals = await q.settle(batch, new Map(), Date.now());
  // Only the small meta records are read: the totals and the rewritten mark.
  expect(gets.mock.calls.map((call) => call[0])).toEqual(['totals', 'rewritten']);
  expect(cursors).not.toHaveBeenCalled();
  vi.restoreAllMocks();
  expect(totals).toEqual({ events: 5, bytes: size(c) });
  expect((await q.take(100, 1e9)).events.map((e) => e.id)).toEqual(c.map((e) => e.id));
  q.close();
});

test('IdbQueue: a taken chunk another writer dropped whole meanwhile is not counted twice', async () => {
  const name = `queue-test-${dbCount++}`;
  const reader = await IdbQueue.open(name, { ...roomy, maxEvents: 4 });
  const writer = await IdbQueue.open(name, { ...roomy, maxEvents: 4 });
  const first = events(3);
  await writer.appendChunks([{ events: first, bytes: size(first) }], Date.now());
  const batch = await reader.take(10, 1e9);
  const second = events(4);
  expect((await writer.appendChunks([{ events: second, bytes: size(second) }], Date.now())).droppedFull).toBe(3);
  expect(await reader.settle(batch, new Map(), Date.now())).toEqual({ events: 4, bytes: size(second) });
  expect((await reader.take(10, 1e9)).events.map((e) => e.id)).toEqual(second.map((e) => e.id));
});

test('IdbQueue: a foreign value in the rewritten mark makes every settle read its chunks again', async () => {
  const name = `queue-test-${dbCount++}`;
  const reader = await IdbQueue.open(name, { ...roomy, maxEvents: 6 });
  const writer = await IdbQueue.open(name, { ...roomy, maxEvents: 6 });
  const { openDB } = await import('idb');
  const db = await openDB(name);
  await db.put('meta', [], 'rewritten'); // compares as 0, like no mark at all, were it trusted
  db.close();
  const first = events(4);
  await writer.appendChunks([{ events: first, bytes: size(first) }], Date.now());
  const batch = await reader.take(10, 1e9);
  const second = events(4);
  expect((await writer.appendChunks([{ events: second, bytes: size(second) }], Date.now())).droppedFull).toBe(2);
  expect((await reader.settle(batch, new Map(), Date.now())).events).toBe(4);
  expect((await reader.take(10, 1e9)).events.map((e) => e.id)).toEqual(second.map((e) => e.id));
});

test('IdbQueue: a new database starts with a zero totals record, so the first write counts nothing', async () => {
  const name = `queue-test-${dbCount++}`;
  const q = await IdbQueue.open(name, roomy);
  const { openDB } = await import('idb');
  const db = await openDB(name);
  expect(await db.get('meta', 'totals')).toEqual({ events: 0, bytes: 0 });
  db.close();
  q.close();
});

test('IdbQueue recounts its totals when the totals record is gone (removed by a settle over quota)', async () => {
  const name = `queue-test-${dbCount++}`;
  const q = await IdbQueue.open(name, roomy);
  const a = events(3),
    b = events(4);
  await q.appendChunks([{ events: a, bytes: size(a) }], Date.now());
  await q.appendChunks([{ events: b, bytes: size(b) }], Date.now());
  const { openDB } = await import('idb');
  const db = await openDB(name); // the version IdbQueue created
  await db.delete('meta', 'totals');
  db.close();
  expect(await q.totals()).toEqual({ events: 7, bytes: size(a) + size(b) });
  const c = events(2);
  expect((await q.appendChunks([{ events: c, bytes: size(c) }], Date.now())).totals.events).toBe(9);
});

test('9: IdbQueue counts pending chunks with one key-range count(), reading no stored value', async () => {
  const q = await IdbQueue.open(`queue-test-${dbCount++}`, roomy);
  const a = await q.appendChunks([{ events: events(500), bytes: 50_000 }], Date.now());
  await q.appendChunks([{ events: events(2), bytes: 200 }], Date.now());
  const counts = vi.spyOn(IDBObjectStore.prototype, 'count');
  const cursors = vi.spyOn(IDBObjectStore.prototype, 'openCursor');
  const reads = vi.spyOn(IDBObjectStore.prototype, 'getAll');
  expect(await q.pendingChunks(a.key)).toBe(1);
  expect(counts).toHaveBeenCalledTimes(1);
  expect(counts.mock.calls[0]![0]).toBeInstanceOf(IDBKeyRange);
  expect(cursors).not.toHaveBeenCalled();
  expect(reads).not.toHaveBeenCalled();
  vi.restoreAllMocks();
  q.close();
});
