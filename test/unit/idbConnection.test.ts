// IdbQueue's connection: let go when another tab needs the database, forgotten when the browser
// closes it, reopened once when an operation finds it closed.
import { forceCloseDatabase } from 'fake-indexeddb';
import { afterEach, expect, test, vi } from 'vitest';
import type { TrailEvent } from '../../src/events/schema.js';
import { uuidv7 } from '../../src/lib/uuidv7.js';
import { IdbQueue } from '../../src/queue/IdbQueue.js';
import type { QueueLimits } from '../../src/queue/Queue.js';

const session = uuidv7();
const roomy: QueueLimits = { maxEvents: 1e6, maxBytes: 1e9, maxAgeMs: 1e12 };
const events = (n: number): TrailEvent[] =>
  Array.from({ length: n }, (_, seq) => ({
    id: uuidv7(),
    type: 'label.added',
    code: 0,
    time: Date.now(),
    mono: 1,
    session,
    seq,
    actor: { id: 'u-1' },
    context: { item: 'img' },
  }));
let dbCount = 0;

/** Records every open request the queue makes, to reach its connections from outside. */
function recordOpens(): IDBOpenDBRequest[] {
  const requests: IDBOpenDBRequest[] = [];
  const open = indexedDB.open.bind(indexedDB);
  vi.spyOn(indexedDB, 'open').mockImplementation((name, version) => {
    const request = open(name, version);
    requests.push(request);
    return request;
  });
  return requests;
}

afterEach(() => {
  vi.restoreAllMocks();
});

test('lets go of its connection when another tab deletes the database, and opens again when next used', async () => {
  const name = `connection-test-${dbCount++}`;
  const queue = await IdbQueue.open(name, roomy);
  await queue.appendChunks([{ events: events(3), bytes: 300 }], Date.now());
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('blocked by the queue'));
  });
  expect(await queue.totals()).toEqual({ events: 0, bytes: 0 });
  await queue.appendChunks([{ events: events(2), bytes: 200 }], Date.now());
  expect(await queue.totals()).toEqual({ events: 2, bytes: 200 });
  queue.close();
});

test('reopens once when an operation finds its connection closed', async () => {
  const requests = recordOpens();
  const queue = await IdbQueue.open(`connection-test-${dbCount++}`, roomy);
  await queue.appendChunks([{ events: events(3), bytes: 300 }], Date.now());
  requests[0]!.result.close();
  expect(await queue.totals()).toEqual({ events: 3, bytes: 300 });
  expect(requests).toHaveLength(2);
  queue.close();
});

test('forgets a connection the browser closed, and opens another on the next operation', async () => {
  const requests = recordOpens();
  const queue = await IdbQueue.open(`connection-test-${dbCount++}`, roomy);
  const closed = requests[0]!.result;
  const used = vi.spyOn(closed, 'transaction');
  // As when the user clears the site's data: the connection closes with a 'close' event.
  forceCloseDatabase(closed as never);
  await queue.appendChunks([{ events: events(1), bytes: 100 }], Date.now());
  // Not even tried once more: the reopen-on-InvalidStateError path would have.
  expect(used).not.toHaveBeenCalled();
  expect(requests).toHaveLength(2);
  expect(await queue.totals()).toEqual({ events: 1, bytes: 100 });
  queue.close();
});

test('fails to open at once when indexedDB.open returns no request', async () => {
  vi.spyOn(indexedDB, 'open').mockImplementation(() => new EventTarget() as IDBOpenDBRequest);
  await expect(IdbQueue.open(`connection-test-${dbCount++}`, roomy)).rejects.toThrow(TypeError);
});

test('1: once closed, the queue never opens the database again (a late write timer, a retry)', async () => {
  const requests = recordOpens();
  const queue = await IdbQueue.open(`connection-test-${dbCount++}`, roomy);
  queue.close();
  await expect(queue.appendChunks([{ events: events(1), bytes: 100 }], Date.now())).rejects.toThrow(/closed/);
  await expect(queue.totals()).rejects.toThrow(/closed/);
  expect(requests).toHaveLength(1);
});
