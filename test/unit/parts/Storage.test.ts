// Storage's phases, with fake timers and a scripted IndexedDB opener.
import { afterEach, beforeEach, expect, test, vi, type Mock } from 'vitest';
import type { TrailEvent } from '../../../src/events/schema.js';
import { IdbQueue } from '../../../src/queue/IdbQueue.js';
import type { QueueLimits } from '../../../src/queue/Queue.js';
import { Storage, type StorageHooks, type StoragePhaseName } from '../../../src/queue/Storage.js';

const limits: QueueLimits = { maxEvents: 1e6, maxBytes: 1e9, maxAgeMs: 1e12 };
const events = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ id: `e${from + i}`, seq: from + i, session: 's' }) as TrailEvent);
let dbCount = 0;
let phases: StoragePhaseName[];
let hooks: { [K in keyof StorageHooks]: Mock<StorageHooks[K]> };

beforeEach(() => {
  phases = [];
  hooks = {
    phase: vi.fn((p: StoragePhaseName) => void phases.push(p)),
    failed: vi.fn<StorageHooks['failed']>(),
    opened: vi.fn<StorageHooks['opened']>(),
    pauseMemory: vi.fn(async () => undefined),
    resumeMemory: vi.fn<StorageHooks['resumeMemory']>(),
    moved: vi.fn<StorageHooks['moved']>(),
  };
});
afterEach(() => vi.useRealTimers());

function storage(open: (name: string, l: QueueLimits) => Promise<IdbQueue>): Storage {
  return new Storage({ dbName: `storage-test-${dbCount++}`, limits, retryBaseMs: 100, retryMaxMs: 400, open }, hooks);
}

test('opening → indexeddb: writes go to IndexedDB, sized in UTF-8 bytes', async () => {
  const s = storage(IdbQueue.open);
  await s.ready;
  expect(phases).toEqual(['indexeddb']);
  const list = [[{ ...events(1)[0]!, label: { name: '車' } } as TrailEvent]];
  const { queue, result } = await s.write(list);
  expect(queue).toBe(s.idb);
  expect(result.totals.bytes).toBe(new TextEncoder().encode(JSON.stringify(list[0])).length);
  await s.close();
  expect(phases).toEqual(['indexeddb', 'closing', 'closed']);
});

test('3: a failed open goes to memory, is retried on the doubling backoff; memory moves to IndexedDB', async () => {
  let fails = 3;
  const opens: number[] = [];
  const s = storage((name, l) => {
    opens.push(Date.now());
    return fails-- > 0 ? Promise.reject(new DOMException('denied', 'UnknownError')) : IdbQueue.open(name, l);
  });
  await s.ready;
  expect(phases).toEqual(['memory']);
  expect(hooks.failed).toHaveBeenCalledWith('open', expect.any(DOMException));
  const { queue } = await s.write([events(3)]);
  expect(queue).toBe(s.memory);
  await vi.waitFor(() => expect(phases).toEqual(['memory', 'indexeddb']), { timeout: 3_000, interval: 20 });
  // Three failed opens then one that works, each wait about twice the one before (jittered).
  expect(opens).toHaveLength(4);
  const gaps = opens.slice(1).map((t, i) => t - opens[i]!);
  expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
  expect(hooks.failed).toHaveBeenCalledTimes(1);
  expect(hooks.pauseMemory.mock.invocationCallOrder[0]).toBeLessThan(hooks.resumeMemory.mock.invocationCallOrder[0]!);
  expect(hooks.moved).toHaveBeenCalledTimes(1);
  expect((await s.memory.totals()).events).toBe(0);
  expect((await s.idb!.take(10, 1e9)).events.map((e) => e.id)).toEqual(['e0', 'e1', 'e2']);
  await s.close();
});

test('3: a failed write goes to memory; still failing it stays there; working, it comes back', async () => {
  const s = storage(IdbQueue.open);
  await s.ready;
  const append = vi
    .spyOn(IdbQueue.prototype, 'appendChunks')
    .mockRejectedValue(new DOMException('q', 'QuotaExceededError'));
  expect((await s.write([events(2)])).queue).toBe(s.memory);
  expect(phases).toEqual(['indexeddb', 'memory']);
  await new Promise((resolve) => setTimeout(resolve, 800));
  expect(phases).toEqual(['indexeddb', 'memory']);
  expect(append.mock.calls.length).toBeGreaterThan(2);
  append.mockRestore();
  await vi.waitFor(() => expect(phases).toEqual(['indexeddb', 'memory', 'indexeddb']), { timeout: 2_000 });
  expect((await s.write([events(1, 2)])).queue).toBe(s.idb);
  expect((await s.idb!.totals()).events).toBe(3);
  await s.close();
});

test('1: once closed, no retry runs and nothing opens IndexedDB; a late write is refused', async () => {
  vi.useFakeTimers();
  const open = vi.fn(() => Promise.reject(new Error('nope')));
  const s = storage(open);
  await s.ready;
  await s.close();
  await vi.advanceTimersByTimeAsync(10_000);
  expect(open).toHaveBeenCalledTimes(1);
  expect(phases).toEqual(['memory', 'closing', 'closed']);
  await expect(s.write([events(1)])).rejects.toThrow(/closed/);
});
