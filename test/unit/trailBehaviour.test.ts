// The numbered behaviours of the trail's lifecycle, storage and delivery (issue 10), each
// against the whole trail with fake-indexeddb and a recording fetch.
import { openDB } from 'idb';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createTrail, type Trail, type TrailOptions, type TrailStatus } from '../../src/createTrail.js';
import { KEEPALIVE_BUDGET_BYTES, RETRY_AFTER_MAX_MS } from '../../src/defaults.js';
import { utf8Length } from '../../src/lib/utf8Length.js';
import { endpoint, fakeFetch, sleep, until } from '../support/fakeEndpoint.js';

const trails: Trail[] = [];
let dbCount = 0;

beforeEach(() => vi.stubGlobal('fetch', fakeFetch));
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(trails.splice(0).map((t) => t.close()));
  endpoint.reset();
  vi.unstubAllGlobals();
});

function start(options: Partial<TrailOptions> = {}): Trail {
  const trail = createTrail({
    endpoint: '/v1/logs',
    actor: { id: 'u-17' },
    dbName: `behaviour-test-${dbCount++}`,
    batch: { delayMs: 5 },
    retry: { baseMs: 20, maxMs: 100 },
    gzip: false,
    ...options,
  });
  trails.push(trail);
  return trail;
}

function watch(trail: Trail): { status: TrailStatus; errors: Error[]; phases: string[] } {
  const seen = { status: undefined as unknown as TrailStatus, errors: [] as Error[], phases: [] as string[] };
  trail.status$.subscribe((s) => {
    seen.status = s;
    if (seen.phases.at(-1) !== s.storage) seen.phases.push(s.storage);
  });
  trail.errors$.subscribe((e) => seen.errors.push(e));
  return seen;
}

const offline = (): never => {
  throw new TypeError('Failed to fetch');
};

test('1: once close() has begun track() is refused, close() is one promise, nothing reopens IndexedDB', async () => {
  const trail = start();
  const seen = watch(trail);
  trail.track('label.added');
  const first = trail.close();
  expect(trail.close()).toBe(first);
  expect(trail.track('label.added')).toBeUndefined();
  expect(seen.errors.at(-1)).toMatchObject({ name: 'TrailInputError', code: 'closed', problem: 'the trail is closed' });
  const opens = vi.spyOn(indexedDB, 'open');
  await first;
  await sleep(50); // past any write or retry timer
  expect(opens).not.toHaveBeenCalled();
  expect(seen.status.storage).toBe('closed');
});

test('2: flush() past timeoutMs rejects with flush_timeout; after close() at once with closed', async () => {
  endpoint.answer = offline;
  const trail = start();
  trail.track('label.added');
  await expect(trail.flush({ timeoutMs: 100 })).rejects.toMatchObject({
    name: 'TrailDeliveryError',
    code: 'flush_timeout',
  });
  await trail.close();
  const began = Date.now();
  await expect(trail.flush()).rejects.toMatchObject({ name: 'TrailDeliveryError', code: 'closed' });
  expect(Date.now() - began).toBeLessThan(50);
});

test('2: a flush waiting when close() runs rejects with code closed instead of waiting for ever', async () => {
  endpoint.answer = offline;
  const trail = start();
  trail.track('label.added');
  const flushing = trail.flush();
  await sleep(30);
  await trail.close();
  await expect(flushing).rejects.toMatchObject({ code: 'closed' });
});

test('3: IndexedDB failing: events wait in memory, IndexedDB is retried on the backoff, they move to it', async () => {
  const trail = start({ retry: { baseMs: 20, maxMs: 40 } });
  const seen = watch(trail);
  await trail.flush(); // opened
  endpoint.answer = offline; // nothing leaves memory while IndexedDB is down
  const broken = vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(() => {
    throw new DOMException('disk error', 'UnknownError');
  });
  const ids = Array.from({ length: 5 }, () => trail.track('label.added')!.id);
  await until(() => seen.status.storage === 'memory');
  await sleep(100); // several failed retries
  expect(seen.errors.map((e) => (e as { code?: string }).code)).toContain('storage_write');
  broken.mockRestore();
  await until(() => seen.status.storage === 'indexeddb');
  expect(seen.phases).toEqual(['opening', 'indexeddb', 'memory', 'indexeddb']);
  const db = await openDB(`behaviour-test-${dbCount - 1}`);
  expect(await db.get('meta', 'totals')).toMatchObject({ events: 5 });
  db.close();
  endpoint.answer = () => new Response('{}', { status: 200 });
  await trail.flush({ timeoutMs: 3_000 });
  expect(endpoint.delivered()).toEqual(ids);
});

test('4: a 30-day Retry-After waits the one-hour cap: one request, no timer past the cap', async () => {
  endpoint.answer = () => new Response('', { status: 503, headers: { 'retry-after': String(30 * 24 * 3600) } });
  const timers = vi.spyOn(globalThis, 'setTimeout');
  const trail = start();
  trail.track('label.added');
  await sleep(300);
  expect(endpoint.calls).toHaveLength(1);
  const delays = timers.mock.calls.map((call) => Number(call[1] ?? 0));
  expect(Math.max(...delays)).toBeLessThanOrEqual(RETRY_AFTER_MAX_MS);
  expect(Math.max(...delays)).toBeGreaterThan(RETRY_AFTER_MAX_MS - 5_000);
});

// 80 CJK characters: 240 UTF-8 bytes, inside the 256-byte limit of a label name.
const cjk = (n: number): string => '車'.repeat(n);

test('5: batch bytes count UTF-8: CJK label names split a batch that UTF-16 lengths would call small', async () => {
  const trail = start({ batch: { delayMs: 5, maxBytes: 4_000 } });
  const events = Array.from({ length: 10 }, (_, i) =>
    trail.track('label.added', { label: { id: `l${i}`, name: cjk(80) } }),
  );
  expect(JSON.stringify(events).length).toBeLessThan(4_000);
  await trail.flush();
  expect(endpoint.calls.length).toBeGreaterThan(1);
  for (const call of endpoint.calls) expect(utf8Length(JSON.stringify(call.body.events))).toBeLessThanOrEqual(4_000);
});

// A refused keepalive request is split and sent again, so these endpoints answer rather than fail.
const busy = (): Response => new Response('busy', { status: 503 });

test('5: the pagehide send stays inside the 64 KiB keepalive budget in UTF-8 bytes', async () => {
  endpoint.answer = busy;
  const trail = start();
  const events = Array.from({ length: 150 }, (_, i) =>
    trail.track('label.added', { label: { id: `l${i}`, name: cjk(80) } }),
  );
  // Under the budget as UTF-16 units, over it in UTF-8 bytes.
  expect(JSON.stringify(events).length).toBeLessThan(KEEPALIVE_BUDGET_BYTES);
  expect(utf8Length(JSON.stringify(events))).toBeGreaterThan(KEEPALIVE_BUDGET_BYTES);
  window.dispatchEvent(new Event('pagehide'));
  await sleep(0); // the recording fetch reads the body asynchronously
  const sent = endpoint.calls.filter((c) => c.keepalive);
  expect(sent.length).toBeGreaterThan(0);
  expect(sent.reduce((n, c) => n + utf8Length(String(c.raw)), 0)).toBeLessThanOrEqual(KEEPALIVE_BUDGET_BYTES);
});

test('6: one event the endpoint can never store is parked; every other event is delivered', async () => {
  const trail = start({ retry: { baseMs: 5, maxMs: 20 } });
  const seen = watch(trail);
  const holdsPoison = (c: { body: { events: readonly { context: { item?: string } }[] } }) =>
    c.body.events.some((e) => e.context.item === 'poison');
  endpoint.answer = (c) => new Response('{"error":"cannot store"}', { status: holdsPoison(c) ? 500 : 200 });
  const ids = Array.from({ length: 6 }, (_, i) => trail.track('label.added', { context: { item: `i${i}` } })!.id);
  const poison = trail.track('label.added', { context: { item: 'poison' } })!.id;
  ids.push(...Array.from({ length: 3 }, () => trail.track('label.added')!.id));
  // The editor goes on emitting: each 2xx in between is what tells a poison event from an outage.
  for (let i = 0; seen.status.rejected === 0 && i < 400; i++) {
    ids.push(trail.track('task.submitted')!.id);
    await sleep(10);
  }
  await trail.flush({ timeoutMs: 3_000 });
  expect(seen.status.rejected).toBe(1);
  expect(new Set(endpoint.delivered())).toEqual(new Set(ids));
  expect((await trail.rejectedEvents()).map((r) => [r.event.id, r.reason])).toEqual([[poison, 'cannot store']]);
  expect(seen.errors.at(-1)).toMatchObject({ name: 'TrailDeliveryError', code: 'rejected', rejected: 1 });
});

test('6: in an outage, where every batch fails, nothing is parked, and everything is delivered after', async () => {
  const trail = start({ retry: { baseMs: 5, maxMs: 20 } });
  const seen = watch(trail);
  endpoint.answer = () => new Response('down', { status: 500 });
  const ids = Array.from({ length: 20 }, () => trail.track('label.added')!.id);
  await until(() => endpoint.calls.length >= 40);
  endpoint.answer = () => new Response('{}', { status: 200 });
  await trail.flush({ timeoutMs: 3_000 });
  expect(seen.status.rejected).toBe(0);
  const delivered = endpoint.delivered();
  expect(new Set(delivered)).toEqual(new Set(ids));
  expect(delivered).toHaveLength(ids.length);
});

test('7: pagehide sends each unsettled event once per page life; a page back from the bfcache delivers', async () => {
  endpoint.answer = busy;
  const trail = start();
  const ids = Array.from({ length: 4 }, () => trail.track('label.added')!.id);
  await sleep(30);
  window.dispatchEvent(new Event('pagehide'));
  window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
  window.dispatchEvent(new Event('pagehide'));
  await sleep(0); // the recording fetch reads the body asynchronously
  const beaconed = endpoint.calls.filter((c) => c.keepalive).flatMap((c) => c.body.events.map((e) => e.id));
  expect(beaconed.sort()).toEqual([...ids].sort());
  endpoint.answer = () => new Response('{}', { status: 200 });
  window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
  await trail.flush({ timeoutMs: 2_000 });
  expect(endpoint.delivered()).toEqual(expect.arrayContaining(ids));
});
