import { openDB } from 'idb';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createTrail, type Trail, type TrailOptions } from '../../src/createTrail.js';
import { TrailConfigError } from '../../src/TrailConfigError.js';
import { TrailInputError } from '../../src/events/TrailInputError.js';
import type { TrailEvent } from '../../src/events/schema.js';
import type { NativeBatch } from '../../src/delivery/formats.js';

interface Call {
  at: number;
  headers: Record<string, string>;
  body: NativeBatch;
  raw: BodyInit;
}

let calls: Call[] = [];
let answer: (call: Call) => Response = () => new Response('{}', { status: 200 });
const trails: Trail[] = [];
let dbCount = 0;

async function decode(body: BodyInit, encoding: string | undefined): Promise<string> {
  if (encoding !== 'gzip') return String(body);
  const stream = new Blob([body as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

async function fakeFetch(_url: string, init: RequestInit): Promise<Response> {
  const headers = init.headers as Record<string, string>;
  const call: Call = {
    at: Date.now(),
    headers,
    raw: init.body!,
    body: JSON.parse(await decode(init.body!, headers['content-encoding'])),
  };
  calls.push(call);
  return answer(call);
}

beforeEach(() => {
  vi.stubGlobal('fetch', fakeFetch);
});

afterEach(async () => {
  await Promise.all(trails.splice(0).map((t) => t.close()));
  calls = [];
  answer = () => new Response('{}', { status: 200 });
  vi.unstubAllGlobals();
});

function start(options: Partial<TrailOptions> = {}): Trail {
  const trail = createTrail({
    endpoint: '/v1/logs',
    actor: { id: 'u-17', email: 'ann@example.com' },
    context: { project: 'p1' },
    dbName: `trail-test-${dbCount++}`,
    batch: { delayMs: 5 },
    retry: { baseMs: 20, maxMs: 100 },
    gzip: false,
    ...options,
  });
  trails.push(trail);
  return trail;
}

const delivered = (): string[] => calls.flatMap((c) => c.body.events.map((e) => e.id));

test('track fills in the envelope and numbers accepted events without gaps', () => {
  const trail = start();
  const a = trail.track('label.added', {
    context: { item: 'img-3', frame: 12 },
    label: { id: 'obj-9', feature: 'f-car', name: 'Car' },
    durationMs: 5400,
  });
  trail.track('label.added', { context: { frame: -1 } }); // refused: no seq consumed
  const b = trail.track('label.approved', { actor: { id: 'rev-2' } });
  expect(a).toMatchObject({
    type: 'label.added',
    code: 0,
    session: trail.session,
    seq: 0,
    actor: { id: 'u-17', email: 'ann@example.com' },
    context: { project: 'p1', item: 'img-3', frame: 12 },
    label: { id: 'obj-9', feature: 'f-car', name: 'Car' },
    durationMs: 5400,
  });
  expect(a!.time).toBeGreaterThan(Date.now() - 1000);
  expect(b).toMatchObject({ code: 12, seq: 1, actor: { id: 'rev-2' }, context: { project: 'p1' } });
  expect(b!.mono).toBeGreaterThanOrEqual(a!.mono);
});

test('bad input is refused with a named field, counted and reported, never thrown', () => {
  const errors: Error[] = [];
  const onError = vi.fn();
  const trail = start({ onError });
  trail.errors$.subscribe((e) => errors.push(e));
  let status = { refused: 0 };
  trail.status$.subscribe((s) => (status = s));
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  const results = [
    trail.track('label.exploded' as never),
    trail.track('label.added', { context: { frame: 'twelve' as never } }),
    trail.track('label.added', { payload: { blob: 'x'.repeat(10_000) } }),
    trail.track('label.added', { payload: circular }),
    trail.track('video.seeking', { payload: { fromFrame: 1 } }),
    trail.track('label.added', 'nope' as never),
  ];
  expect(results).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  expect(status.refused).toBe(6);
  expect(onError).toHaveBeenCalledTimes(6);
  expect(errors.map((e) => (e as TrailInputError).field)).toEqual([
    'type',
    'context.frame',
    'payload',
    'payload',
    'payload.toFrame',
    'fields',
  ]);
  expect(errors.every((e) => e instanceof TrailInputError)).toBe(true);
  expect(errors[2]!.message).toMatch(/more than 8192/);
  // A throwing onError does not break tracking either.
  const noisy = start({
    onError: () => {
      throw new Error('handler bug');
    },
  });
  expect(noisy.track('label.added', { context: { frame: -1 } })).toBeUndefined();
  expect(noisy.track('label.added')).toBeDefined();
});

test('strict mode throws the input error instead', () => {
  const trail = start({ strict: true });
  expect(() => trail.track('label.added', { context: { frame: 1.5 } })).toThrow(TrailInputError);
  expect(() => trail.track('label.added', { context: { frame: 1.5 } })).toThrow(/context.frame/);
});

test('the actor and context are checked when set: a bad one is reported and the previous one kept', () => {
  const errors: Error[] = [];
  const trail = start({ onError: (e) => errors.push(e) });
  trail.setContext({ item: 'img-1', frame: -2 });
  trail.setActor({ id: 'u-18', email: 'not an address' });
  expect(errors.map((e) => (e as TrailInputError).field)).toEqual(['context.frame', 'actor.email']);
  // Later events are not refused for it: they carry the last good actor and context.
  const event = trail.track('label.added');
  expect(event).toMatchObject({ actor: { id: 'u-17', email: 'ann@example.com' }, context: { project: 'p1' } });
  expect(event!.context).not.toHaveProperty('frame');

  trail.setContext({ item: 'img-2' });
  trail.setActor({ id: 'u-18' });
  expect(trail.track('label.added')).toMatchObject({
    actor: { id: 'u-18' },
    context: { project: 'p1', item: 'img-2' },
  });
  expect(start({ strict: true }).setContext.bind(null, { frame: 1.5 })).toThrow(/context.frame/);
  expect(() => start({ context: { frame: 'x' as never } })).toThrow(/context.frame/);
});

test('a later change to the objects given as actor or context does not reach the events', () => {
  const actor = { id: 'u-1' };
  const context = { item: 'img-1' };
  const trail = start({ actor, context });
  actor.id = 'u-2';
  context.item = 'img-2';
  expect(trail.track('label.added')).toMatchObject({ actor: { id: 'u-1' }, context: { item: 'img-1' } });
});

test('options are checked: endpoint must be same-origin, https or loopback', () => {
  const make = (options: Partial<TrailOptions>) => () => start(options);
  expect(make({ endpoint: 'http://logs.example.com/v1/logs' })).toThrow(/same-origin, https, or loopback/);
  expect(make({ endpoint: 'ftp://127.0.0.1/x' })).toThrow(TrailConfigError);
  expect(make({ endpoint: '' })).toThrow(/endpoint: is required/);
  expect(make({ actor: { id: '' } })).toThrow(/actor.id/);
  expect(make({ format: 'xml' as never })).toThrow(/format/);
  expect(make({ batch: { maxEvents: -1 } })).toThrow(/batch.maxEvents/);
  expect(make({ headers: { Authorization: 'x' } as never })).toThrow(/headers/);
  expect(make({ endpoint: 'https://logs.example.com/v1/logs' })).not.toThrow();
  expect(make({ endpoint: 'http://127.0.0.1:4318/v1/logs' })).not.toThrow();
  expect(make({ endpoint: 'http://localhost:9/v1/logs' })).not.toThrow();
});

test('delivers in batches by count, each event once, in order', async () => {
  const trail = start({ batch: { maxEvents: 10, delayMs: 5 } });
  const ids = Array.from({ length: 25 }, (_, i) => trail.track('label.added', { context: { item: `i${i}` } })!.id);
  await trail.flush();
  expect(calls.map((c) => c.body.events.length)).toEqual([10, 10, 5]);
  expect(delivered()).toEqual(ids);
  expect(calls[0]!.body).toMatchObject({ batchId: expect.any(String), sentAt: expect.any(Number) });
  expect(calls[0]!.headers['content-type']).toBe('application/json');
});

test('server errors are retried with backoff until acknowledged: nothing lost, nothing twice', async () => {
  let failures = 3;
  answer = () =>
    failures-- > 0 ? new Response('{"error":"busy"}', { status: 503 }) : new Response('{}', { status: 200 });
  const trail = start();
  const errors: Error[] = [];
  trail.errors$.subscribe((e) => errors.push(e));
  const ids = Array.from({ length: 5 }, () => trail.track('task.submitted')!.id);
  await trail.flush();
  // The third 503 in a row to the same batch halves it (the poison search); both halves land.
  expect(calls.map((c) => c.body.events.length)).toEqual([5, 5, 5, 2, 3]);
  expect(calls.slice(3).flatMap((c) => c.body.events.map((e) => e.id))).toEqual(ids);
  expect(errors.map((e) => e.message)).toEqual(
    expect.arrayContaining([expect.stringMatching(/answered 503: busy; retrying in \d+ ms/)]),
  );
  // Gaps grow (base 20 ms, doubling, jitter within the upper half).
  const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
  expect(gaps[0]).toBeGreaterThanOrEqual(9);
  expect(gaps[2]).toBeGreaterThanOrEqual(39);
});

test('429 with Retry-After: no request before the server said', async () => {
  let first = true;
  answer = () => {
    if (!first) return new Response('{}', { status: 200 });
    first = false;
    return new Response('', { status: 429, headers: { 'retry-after': '1' } });
  };
  const trail = start();
  trail.track('label.added');
  await trail.flush();
  expect(calls).toHaveLength(2);
  expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(995);
});

test('other 4xx are parked as rejected with the reason and not retried', async () => {
  answer = () => new Response('{"error":"actor u-17 may not write here"}', { status: 403 });
  const trail = start();
  let status = { rejected: 0, delivered: 0 };
  trail.status$.subscribe((s) => (status = s));
  const e = trail.track('label.deleted')!;
  await trail.flush();
  await new Promise((r) => setTimeout(r, 100));
  expect(calls).toHaveLength(1);
  expect(status).toMatchObject({ rejected: 1, delivered: 0 });
  expect(await trail.rejectedEvents()).toEqual([
    { event: e, reason: 'actor u-17 may not write here', at: expect.any(Number) },
  ]);
});

test('a 2xx naming rejected events parks just those', async () => {
  let rejectId = '';
  answer = () =>
    new Response(JSON.stringify({ accepted: 2, rejected: [{ id: rejectId, reason: 'label.name: too long' }] }), {
      status: 200,
    });
  const trail = start();
  trail.track('label.added');
  rejectId = trail.track('label.added')!.id;
  trail.track('label.added');
  await trail.flush();
  const parked = await trail.rejectedEvents();
  expect(parked.map((r) => [r.event.id, r.reason])).toEqual([[rejectId, 'label.name: too long']]);
});

test('413 halves the batch until the endpoint takes it', async () => {
  answer = (call) =>
    call.body.events.length > 4 ? new Response('', { status: 413 }) : new Response('{}', { status: 200 });
  const trail = start({ batch: { maxEvents: 16, delayMs: 5 } });
  const ids = Array.from({ length: 16 }, () => trail.track('label.added')!.id);
  await trail.flush();
  expect(calls.map((c) => c.body.events.length)).toEqual([16, 8, 4, 4, 4, 4]);
  // Later batches keep the size the endpoint accepted.
  trail.track('label.added');
  for (let i = 0; i < 5; i++) trail.track('label.added');
  await trail.flush();
  expect(calls.slice(6).map((c) => c.body.events.length)).toEqual([4, 2]);
  expect(calls.slice(2, 6).flatMap((c) => c.body.events.map((e) => e.id))).toEqual(ids);
});

test('a full queue drops the oldest events and says how many in trail.dropped events', async () => {
  answer = () => new Response('', { status: 503 });
  const trail = start({ queue: { maxEvents: 5 }, retry: { baseMs: 60_000 } });
  const notices: TrailEvent[] = [];
  trail.events$.subscribe((e) => e.type === 'trail.dropped' && notices.push(e));
  let status = { dropped: 0 };
  trail.status$.subscribe((s) => (status = s));
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) {
    ids.push(trail.track('label.added')!.id);
    await new Promise((r) => setTimeout(r, 25)); // one chunk per event
  }
  await new Promise((r) => setTimeout(r, 100)); // notices settle: they must not chase each other
  const quietNotices = notices.length;
  await new Promise((r) => setTimeout(r, 100));
  expect(notices.length).toBe(quietNotices);

  const db = await openDB(`trail-test-${dbCount - 1}`);
  const left: TrailEvent[] = (await db.getAll('chunks')).flatMap((c: { events: TrailEvent[] }) => c.events);
  db.close();
  expect(left.length).toBe(5);
  const survivors = left.filter((e) => e.type === 'label.added').map((e) => e.id);
  expect(survivors).toEqual(ids.slice(ids.length - survivors.length)); // the newest are kept
  // Every accepted event is either still stored or counted as dropped.
  expect(status.dropped).toBe(ids.length + notices.length - left.length);
  expect(notices[0]!.payload).toEqual({ count: 1, reason: 'queue_full' });

  // Once delivery makes room, the notices add up to every drop.
  answer = () => new Response('{}', { status: 200 });
  window.dispatchEvent(new Event('online')); // the network is back: backoff is forgotten
  await trail.flush();
  await trail.flush();
  expect(notices.reduce((n, e) => n + (e.payload!.count as number), 0)).toBe(status.dropped);
});

test('one flush() delivers the notice of drops it made room for, with a batch as large as the queue', async () => {
  answer = () => new Response('', { status: 503 });
  const trail = start({ queue: { maxEvents: 5 }, batch: { maxEvents: 5, delayMs: 5 }, retry: { baseMs: 60_000 } });
  let status = { dropped: 0 };
  trail.status$.subscribe((s) => (status = s));
  for (let i = 0; i < 8; i++) {
    trail.track('label.added');
    await new Promise((r) => setTimeout(r, 25)); // one chunk per event
  }
  await new Promise((r) => setTimeout(r, 100));
  answer = () => new Response('{}', { status: 200 });
  window.dispatchEvent(new Event('online'));
  // The whole queue goes in one batch: the notice of the drops not yet reported is written only
  // once that batch made room, after the flush began. It reports drops of before the flush.
  await trail.flush();
  const delivered = calls.filter((c) => c.body.events.length).flatMap((c) => c.body.events);
  const notices = delivered.filter((e) => e.type === 'trail.dropped');
  expect(notices.reduce((n, e) => n + (e.payload!.count as number), 0)).toBe(status.dropped);
});

test('without IndexedDB the trail keeps events in memory, reports it, and still delivers', async () => {
  vi.stubGlobal('indexedDB', undefined);
  const errors: Error[] = [];
  const trail = start();
  trail.errors$.subscribe((e) => errors.push(e));
  let storage = '';
  trail.status$.subscribe((s) => (storage = s.storage));
  const id = trail.track('label.added')!.id;
  await trail.flush();
  expect(storage).toBe('memory');
  expect(errors[0]!.name).toBe('TrailStorageError');
  expect(delivered()).toEqual([id]);
});

test('headers are read at send time and never written to IndexedDB', async () => {
  let token = 'first';
  const trail = start({ headers: () => ({ authorization: `Bearer ${token}` }) });
  trail.track('label.added');
  await trail.flush();
  token = 'second';
  trail.track('label.added');
  await trail.flush();
  expect(calls.map((c) => c.headers.authorization)).toEqual(['Bearer first', 'Bearer second']);
  answer = () => new Response('', { status: 503 });
  trail.track('label.added');
  await new Promise((r) => setTimeout(r, 60));
  const db = await openDB(`trail-test-${dbCount - 1}`);
  const everything = JSON.stringify(await Promise.all([...db.objectStoreNames].map((s) => db.getAll(s))));
  db.close();
  expect(everything).toContain('label.added');
  expect(everything).not.toContain('Bearer');
});

test('a browser that cannot gzip sends plain JSON instead of failing', async () => {
  // A CompressionStream that refuses its input, as a partial implementation does: compression
  // fails and must not hold delivery back.
  vi.stubGlobal(
    'CompressionStream',
    class {
      readonly readable = new ReadableStream();
      readonly writable = new WritableStream({
        write() {
          throw new TypeError('chunk type not supported');
        },
      });
    },
  );
  const trail = start({ gzip: true });
  for (let i = 0; i < 50; i++) trail.track('label.added', { context: { item: `img-${i}` } });
  await trail.flush({ timeoutMs: 2000 });
  expect(calls.every((c) => c.headers['content-encoding'] === undefined)).toBe(true);
  expect(new Set(delivered()).size).toBe(50);
  expect(delivered()).toHaveLength(50);
});

test('close waits for the request in flight: nothing is sent or settled after it resolves', async () => {
  let answered = 0;
  let asked = 0;
  const slow = async (url: string, init: RequestInit): Promise<Response> => {
    asked++;
    await new Promise((r) => setTimeout(r, 150));
    answered++;
    return fakeFetch(url, init);
  };
  vi.stubGlobal('fetch', slow);
  const trail = start({ dbName: 'trail-close-in-flight' });
  trail.track('label.added');
  await vi.waitFor(() => expect(asked).toBe(1)); // the batch is on its way
  await trail.close();
  expect(answered).toBe(1);
  const sent = calls.length;
  await new Promise((r) => setTimeout(r, 300));
  expect(calls.length).toBe(sent);
  // The answered batch was settled before the queue closed: a new trail finds nothing to send.
  const again = start({ dbName: 'trail-close-in-flight' });
  await again.flush();
  expect(calls.length).toBe(sent);
});

test('flush times out with a clear error when the endpoint stays down', async () => {
  answer = () => new Response('', { status: 503 });
  const trail = start({ retry: { baseMs: 10_000 } });
  trail.track('label.added');
  await expect(trail.flush({ timeoutMs: 300 })).rejects.toThrow(/flush timed out after 300 ms/);
});

test('pagehide sends the newest first, so those still in the write buffer fit the keepalive budget', async () => {
  answer = () => new Response('{"error":"down"}', { status: 503 });
  const trail = start({ batch: { delayMs: 60_000 }, retry: { baseMs: 60_000 } });
  // Stored and not yet acknowledged: more than the keepalive budget holds.
  for (let i = 0; i < 900; i++) trail.track('label.added', { context: { item: `stored-${i}` } });
  let queued = 0;
  trail.status$.subscribe((s) => (queued = s.queued));
  await vi.waitFor(() => expect(queued).toBe(900));
  calls = [];
  // Accepted in the last frame: only the pagehide send can carry them if the page dies now.
  const fresh = Array.from(
    { length: 50 },
    (_, i) => trail.track('label.added', { context: { item: `fresh-${i}` } })!.id,
  );
  answer = () => new Response('{}', { status: 200 });
  window.dispatchEvent(new Event('pagehide'));
  await vi.waitFor(() => expect(calls.length).toBeGreaterThan(0));
  const sent = new Set(calls.flatMap((c) => c.body.events.map((e) => e.id)));
  expect(fresh.filter((id) => !sent.has(id))).toEqual([]);
});

test('input that throws while it is read is refused with a reason, never thrown', () => {
  const trail = start();
  const errors: Error[] = [];
  trail.errors$.subscribe((e) => errors.push(e));
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const throwing = new Proxy(
    {},
    {
      get: () => {
        throw new Error('proxy');
      },
      ownKeys: () => {
        throw new Error('proxy');
      },
    },
  );
  const getter = Object.defineProperty({}, 'context', {
    enumerable: true,
    get: () => {
      throw new Error('getter');
    },
  });
  const bad: [unknown, unknown][] = [
    [cyclic, undefined],
    [10n, undefined],
    [throwing, undefined],
    ['label.added', throwing],
    ['label.added', getter],
  ];
  for (const [type, fields] of bad) expect(trail.track(type as 'label.added', fields as object)).toBeUndefined();
  expect(errors).toHaveLength(bad.length);
  expect(errors.every((e) => e instanceof TrailInputError)).toBe(true);
  expect(trail.track('label.added')!.seq).toBe(0);
});

// A write can hang: in WebKit, a page kept in the back/forward cache in the middle of a write
// holds its transaction, and the next page's writes to the queue wait behind it.
test('flush({ timeoutMs }) rejects with flush_timeout when a write to the queue never finishes', async () => {
  const add = IDBObjectStore.prototype.add;
  // Writes of chunks are made but never answer; nothing else changes.
  IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
    const request = add.apply(this, args);
    if (this.name === 'chunks') {
      for (const type of ['success', 'error'])
        request.addEventListener(type, (e) => e.stopImmediatePropagation(), { capture: true });
    }
    return request;
  };
  // Not registered for closing after the test: its close would wait on the hung write too.
  const trail = createTrail({ endpoint: '/v1/logs', actor: { id: 'u-1' }, dbName: `trail-test-${dbCount++}` });
  try {
    trail.track('label.added', { context: { item: 'img-1' } });
    const outcome = await Promise.race([
      trail.flush({ timeoutMs: 300 }).then(
        () => 'resolved',
        (error: { code?: string }) => error.code,
      ),
      new Promise((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3_000)),
    ]);
    expect(outcome).toBe('flush_timeout');
  } finally {
    IDBObjectStore.prototype.add = add;
    void trail.close().catch(() => undefined);
  }
});
