// A queue written by an earlier version of the database (1: chunk keys inside the values; 2: no
// mark of rewritten chunks) is read, delivered and extended after the upgrade, keys and order kept.
import { expect, test } from 'vitest';
import { openDB } from 'idb';
import type { TrailEvent } from '../../src/events/schema.js';
import { uuidv7 } from '../../src/lib/uuidv7.js';
import { IdbQueue } from '../../src/queue/IdbQueue.js';

const session = uuidv7();
const events = (n: number, from: number): TrailEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    id: uuidv7(),
    type: 'label.added',
    code: 0,
    time: Date.now(),
    mono: 1,
    session,
    seq: from + i,
    actor: { id: 'u-1' },
    context: { item: 'img' },
  }));

test('chunks stored by version 1 survive the upgrade', async () => {
  const name = 'upgrade-test';
  const v1 = await openDB(name, 1, {
    upgrade(db) {
      db.createObjectStore('chunks', { keyPath: 'key', autoIncrement: true });
      db.createObjectStore('meta');
      db.createObjectStore('rejected', { autoIncrement: true });
    },
  });
  const a = events(2, 0);
  const b = events(3, 2);
  await v1.add('chunks', { events: a, bytes: 100, at: Date.now() });
  await v1.add('chunks', { events: b, bytes: 150, at: Date.now() });
  await v1.put('meta', { events: 5, bytes: 250 }, 'totals');
  v1.close();

  const queue = await IdbQueue.open(name, { maxEvents: 1e6, maxBytes: 1e9, maxAgeMs: 1e12 });
  expect(await queue.totals()).toEqual({ events: 5, bytes: 250 });
  expect(await queue.highestKey()).toBe(2);
  const batch = await queue.take(100, 1e9);
  expect(batch.keys).toEqual([1, 2]);
  expect(batch.events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
  const appended = await queue.appendChunks([{ events: events(1, 5), bytes: 50 }], Date.now());
  expect(appended.key).toBe(3);
  await queue.settle({ ...batch, events: batch.events.slice(0, 3) }, new Map(), Date.now());
  const rest = await queue.take(100, 1e9);
  expect(rest.events.map((e) => e.seq)).toEqual([3, 4, 5]);
  expect(rest.keys).toEqual([2, 3]);
  queue.close();
});

test('chunks stored by version 2 survive the upgrade to version 3, and a trimmed one is read again', async () => {
  const name = 'upgrade-test-2';
  const v2 = await openDB(name, 2, {
    upgrade(db) {
      db.createObjectStore('meta').put({ events: 0, bytes: 0 }, 'totals');
      db.createObjectStore('rejected', { autoIncrement: true });
      db.createObjectStore('chunks', { autoIncrement: true });
    },
  });
  await v2.add('chunks', { events: events(2, 0), bytes: 100, at: Date.now() });
  await v2.add('chunks', { events: events(3, 2), bytes: 150, at: Date.now() });
  await v2.put('meta', { events: 5, bytes: 250 }, 'totals');
  v2.close();

  const queue = await IdbQueue.open(name, { maxEvents: 6, maxBytes: 1e9, maxAgeMs: 1e12 });
  const batch = await queue.take(100, 1e9);
  expect(batch.events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
  // Two more overflow the bound by one: the oldest event goes, its chunk rewritten in place.
  expect((await queue.appendChunks([{ events: events(2, 5), bytes: 100 }], Date.now())).droppedFull).toBe(1);
  expect(await queue.settle(batch, new Map(), Date.now())).toEqual({ events: 2, bytes: 100 });
  expect((await queue.take(100, 1e9)).events.map((e) => e.seq)).toEqual([5, 6]);
  queue.close();
});
