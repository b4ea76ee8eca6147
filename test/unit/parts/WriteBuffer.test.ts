import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { WRITE_CHUNK_MAX_EVENTS, WRITE_DELAY_MS } from '../../../src/defaults.js';
import type { TrailEvent } from '../../../src/events/schema.js';
import { WriteBuffer } from '../../../src/queue/WriteBuffer.js';

let seq = 0;
const event = () => ({ id: `e${seq}`, seq: seq++, session: 's' }) as TrailEvent;
let writes: TrailEvent[][][];
let buffer: WriteBuffer;

beforeEach(() => {
  vi.useFakeTimers();
  seq = 0;
  writes = [];
  buffer = new WriteBuffer(async (chunks) => void writes.push(chunks), vi.fn());
});
afterEach(() => vi.useRealTimers());

test('holds events for one frame, then writes them as one chunk', async () => {
  buffer.push(event());
  buffer.push(event());
  expect(writes).toEqual([]);
  await vi.advanceTimersByTimeAsync(WRITE_DELAY_MS);
  expect(writes.map((w) => w.map((c) => c.length))).toEqual([[2]]);
});

test('a burst is cut into chunks of 500, written without waiting for the frame', async () => {
  for (let i = 0; i < WRITE_CHUNK_MAX_EVENTS * 2 + 1; i++) buffer.push(event());
  await vi.advanceTimersByTimeAsync(0);
  await vi.advanceTimersByTimeAsync(WRITE_DELAY_MS);
  expect(writes.flat().map((c) => c.length)).toEqual([500, 500, 1]);
});

test('7: what pagehide sends: newest first, and each event at most once per page life', async () => {
  for (let i = 0; i < 5; i++) buffer.push(event());
  expect(buffer.forUnload().map((e) => e.seq)).toEqual([4, 3, 2, 1, 0]);
  buffer.sentOnUnload(3); // the budget took the newest three
  expect(buffer.forUnload().map((e) => e.seq)).toEqual([1, 0]);
  buffer.sentOnUnload(2);
  expect(buffer.forUnload()).toEqual([]);
});

test('settled events leave the unload list', () => {
  for (let i = 0; i < 4; i++) buffer.push(event());
  void buffer.persist();
  buffer.settled(1);
  expect(buffer.forUnload().map((e) => e.seq)).toEqual([3, 2]);
});

test('1: once closed, a late timer writes nothing', async () => {
  buffer.push(event());
  await buffer.close();
  buffer.push(event());
  await vi.advanceTimersByTimeAsync(100);
  expect(
    writes
      .flat()
      .flat()
      .map((e) => e.seq),
  ).toEqual([0]);
});

test('a pagehide into the back/forward cache hands over the buffered events without writing them', async () => {
  for (let i = 0; i < 3; i++) buffer.push(event());
  const pending = buffer.forUnload(false);
  expect(pending.map((e) => e.seq)).toEqual([2, 1, 0]);
  await vi.advanceTimersByTimeAsync(WRITE_DELAY_MS * 4);
  expect(writes, 'no write starts while the page sits in the cache').toEqual([]);
  buffer.sentOnUnload(pending.length);
  // Restored from the cache, the events are written then.
  await buffer.persist();
  expect(writes.map((w) => w.map((c) => c.length))).toEqual([[3]]);
});

test('a hidden page writes at once (its timers are throttled), a burst still as one write', async () => {
  const hiddenBuffer = new WriteBuffer(
    async (chunks) => void writes.push(chunks),
    vi.fn(),
    () => true,
  );
  for (let i = 0; i < 3; i++) hiddenBuffer.push(event());
  // Microtasks only: no timer has to fire.
  await vi.advanceTimersByTimeAsync(0);
  expect(writes.map((w) => w.map((c) => c.length))).toEqual([[3]]);
});
