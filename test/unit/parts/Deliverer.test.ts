// The deliverer alone: fake timers, a MemoryQueue and a scripted sender.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { Deliverer } from '../../../src/delivery/Deliverer.js';
import type { SendResult, Sender } from '../../../src/delivery/Sender.js';
import { RETRY_AFTER_MAX_MS, TIMER_MAX_MS } from '../../../src/defaults.js';
import type { TrailEvent } from '../../../src/events/schema.js';
import { MemoryQueue } from '../../../src/queue/MemoryQueue.js';

const answer = (status: number | undefined, extra: Partial<SendResult> = {}): SendResult => ({
  ok: status !== undefined && status < 300,
  retry: status === undefined || status === 408 || status === 429 || status >= 500,
  status,
  retryAfterMs: undefined,
  rejected: new Map(),
  rejectedUnnamed: 0,
  reason: status === undefined ? 'TypeError: Failed to fetch' : `HTTP ${status}`,
  ...extra,
});
const options = { maxEvents: 100, maxBytes: 1e6, delayMs: 0, retryBaseMs: 10, retryMaxMs: 40 };

let queue: MemoryQueue;
let sent: string[][];
const hooks = { settled: vi.fn(), failed: vi.fn(), inFlight: vi.fn(), broken: vi.fn() };

async function store(n: number, prefix = 'e'): Promise<void> {
  const events = Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, seq: i, session: 's' }) as TrailEvent);
  await queue.appendChunks([{ events, bytes: n * 100 }], Date.now());
}

function deliverer(reply: (events: readonly TrailEvent[]) => SendResult): Deliverer {
  const sender: Sender = {
    send: async (events) => {
      sent.push(events.map((e) => e.id));
      return reply(events);
    },
  };
  const d = new Deliverer(queue, sender, options, hooks, () => false);
  d.setEnabled(true);
  return d;
}

beforeEach(() => {
  vi.useFakeTimers();
  queue = new MemoryQueue({ maxEvents: 1e6, maxBytes: 1e9, maxAgeMs: 1e12 });
  sent = [];
  Object.values(hooks).forEach((h) => h.mockClear());
});
afterEach(() => vi.useRealTimers());

for (const [name, reply] of [
  ['network errors', answer(undefined)],
  ['408', answer(408)],
  ['429', answer(429)],
  ['5xx with Retry-After', answer(503, { retryAfterMs: 5 })],
] as const) {
  test(`6: ${name} never lead to parking, however long they last`, async () => {
    await store(4);
    const d = deliverer(() => reply);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sent.length).toBeGreaterThan(50);
    expect(await queue.rejected()).toEqual([]);
    expect((await queue.totals()).events).toBe(4);
    await d.stop();
  });
}

test('6: a poison event is isolated by halving, set aside while the rest goes, and parked', async () => {
  await store(8);
  const d = deliverer((events) => (events.some((e) => e.id === 'e5') ? answer(500) : answer(200)));
  for (let i = 0; i < 10; i++) {
    await vi.advanceTimersByTimeAsync(200);
    await store(1, `late${i}-`); // the editor keeps emitting: the 2xx in between
    d.nudge();
  }
  await vi.advanceTimersByTimeAsync(1_000);
  expect((await queue.rejected()).map((r) => [r.event.id, r.reason])).toEqual([['e5', 'HTTP 500']]);
  expect((await queue.totals()).events).toBe(0);
  expect(sent.filter((b) => b.length === 1 && b[0] === 'e5').length).toBeGreaterThanOrEqual(5);
  await d.stop();
});

test('4: a Retry-After past the timer range never fires early: the wait is clamped, not wrapped', async () => {
  await store(1);
  const timers = vi.spyOn(globalThis, 'setTimeout');
  const d = deliverer(() => answer(503, { retryAfterMs: 30 * 24 * 3600 * 1000 }));
  await vi.advanceTimersByTimeAsync(60_000);
  expect(sent).toHaveLength(1);
  expect(Math.max(...timers.mock.calls.map((c) => Number(c[1])))).toBe(TIMER_MAX_MS);
  expect(RETRY_AFTER_MAX_MS).toBe(3_600_000);
  await d.stop();
});

test('413 halves the batch for good; a final 4xx parks the batch', async () => {
  await store(8);
  const d = deliverer((events) =>
    events.length > 2 ? answer(413) : answer(400, { rejected: new Map(events.map((e) => [e.id, 'bad'])) }),
  );
  await vi.advanceTimersByTimeAsync(100);
  expect(sent.map((b) => b.length)).toEqual([8, 4, 2, 2, 2, 2]);
  expect((await queue.rejected()).length).toBe(8);
  await d.stop();
});

test('a backlog: the next batch is read and encoded while one is in flight, still one request at a time', async () => {
  for (let i = 0; i < 5; i++) await store(100, `c${i}-`);
  let inFlight = 0;
  let most = 0;
  const prepared: string[] = [];
  const sender: Sender = {
    prepare: async (events) => {
      prepared.push(events[0]!.id);
      return { body: '', size: 0, gzipped: false };
    },
    send: async (events, _keepalive, body) => {
      if (!body) prepared.push(events[0]!.id);
      inFlight++;
      most = Math.max(most, inFlight);
      // While this request waits, the next batch has already been read and encoded.
      await new Promise((r) => setTimeout(r, 10));
      sent.push(events.map((e) => e.id));
      inFlight--;
      return answer(200);
    },
  };
  const read = vi.spyOn(queue, 'takeAfter');
  const d = new Deliverer(queue, sender, options, hooks, () => false);
  d.setEnabled(true);
  await vi.advanceTimersByTimeAsync(1_000);
  expect(sent.map((ids) => ids[0])).toEqual(['c0-0', 'c1-0', 'c2-0', 'c3-0', 'c4-0']);
  expect(new Set(sent.flat()).size).toBe(500);
  expect(most).toBe(1);
  expect(read).toHaveBeenCalled();
  expect(prepared).toEqual(['c0-0', 'c1-0', 'c2-0', 'c3-0', 'c4-0']);
  expect((await queue.totals()).events).toBe(0);
});

test('a backlog: a batch leaves the queue while the next is in flight; stop() waits for that write', async () => {
  for (let i = 0; i < 3; i++) await store(100, `c${i}-`);
  const log: string[] = [];
  const settle = queue.settle.bind(queue);
  let release = (): void => undefined;
  vi.spyOn(queue, 'settle').mockImplementation(async (batch, rejected, now) => {
    const first = batch.events[0]!.id;
    log.push(`settle ${first}`);
    // The last batch's write is held until released: stop() must wait for it.
    await new Promise<void>((r) => (first === 'c2-0' ? (release = r) : setTimeout(r, 5)));
    const totals = await settle(batch, rejected, now);
    log.push(`settled ${first}`);
    return totals;
  });
  const d = deliverer((events) => {
    log.push(`send ${events[0]!.id}`);
    return answer(200);
  });
  await vi.advanceTimersByTimeAsync(100);
  // The second batch goes out before the first is out of the queue; its own write waits for that one.
  expect(log.indexOf('send c1-0')).toBeLessThan(log.indexOf('settled c0-0'));
  expect(log.indexOf('settled c0-0')).toBeLessThan(log.indexOf('settle c1-0'));
  expect(log.at(-1)).toBe('settle c2-0');
  let stopped = false;
  const stopping = d.stop().then(() => (stopped = true));
  await vi.advanceTimersByTimeAsync(100);
  expect(stopped).toBe(false);
  release();
  await stopping;
  expect(log.at(-1)).toBe('settled c2-0');
  expect((await queue.totals()).events).toBe(0);
});
