import { Subject } from 'rxjs';
import { expect, test, vi } from 'vitest';
import { waitForFlush } from '../../../src/delivery/waitForFlush.js';
import { MemoryQueue } from '../../../src/queue/MemoryQueue.js';
import type { TrailEvent } from '../../../src/events/schema.js';

const limits = { maxEvents: 100, maxBytes: 1e6, maxAgeMs: 1e9 };
const events = [{ id: 'a', seq: 0, session: 's' } as TrailEvent];

test('9: waits with pendingChunks until nothing is left up to the key, woken by a settled batch', async () => {
  const queue = new MemoryQueue(limits);
  const { key } = await queue.appendChunks([{ events, bytes: 10 }], Date.now());
  const counts = vi.spyOn(queue, 'pendingChunks');
  const take = vi.spyOn(queue, 'take');
  const settled$ = new Subject<void>();
  let done = false;
  const waiting = waitForFlush({
    targets: () => [{ queue, upToKey: () => key }],
    settled$,
    closed: () => false,
    timeoutMs: undefined,
    unreadable: vi.fn(),
  }).then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(done).toBe(false);
  await queue.settle(await queue.take(10, 1e6), new Map(), Date.now());
  take.mockClear();
  settled$.next();
  await waiting;
  expect(counts).toHaveBeenCalledWith(key);
  expect(take).not.toHaveBeenCalled();
});

test('2: rejects with flush_timeout past the deadline, and with closed once the trail closes', async () => {
  const queue = new MemoryQueue(limits);
  const { key } = await queue.appendChunks([{ events, bytes: 10 }], Date.now());
  const settled$ = new Subject<void>();
  let closed = false;
  const wait = (timeoutMs?: number) =>
    waitForFlush({
      targets: () => [{ queue, upToKey: () => key }],
      settled$,
      closed: () => closed,
      timeoutMs,
      unreadable: vi.fn(),
    });
  await expect(wait(20)).rejects.toMatchObject({ code: 'flush_timeout', name: 'TrailDeliveryError' });
  const pending = wait();
  closed = true;
  settled$.complete();
  await expect(pending).rejects.toMatchObject({ code: 'closed' });
});
