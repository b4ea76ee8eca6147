// Scenarios 7 and 9: bad input to track() and to the collector; tokens, storage of the
// auth header, endpoint rules.
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  duplicatesSent,
  openTrail,
  pageErrors,
  report,
  seqGaps,
  startRig,
  TOKENS,
  type Rig,
  type Win,
} from './support.js';
import { useEngine } from '../engines/useEngine.js';

const browsers = useEngine();
let rig: Rig;
let collectorUrl: string;
beforeAll(async () => {
  rig = await startRig();
  collectorUrl = (await rig.collector.listen({ port: 0 })).url;
});
afterAll(async () => {
  await rig?.close();
});

function event(actor = 'u-1', extra: Record<string, unknown> = {}) {
  const id = crypto.randomUUID().replace(/^(.{14})./, '$17');
  return {
    id,
    type: 'label.added',
    code: 0,
    time: Date.now(),
    mono: 1,
    session: crypto.randomUUID(),
    seq: 0,
    actor: { id: actor },
    context: {},
    ...extra,
  };
}

/** A raw request straight to the collector; `cut` hangs up after sending part of the body. */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string; cut?: boolean } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const req = request(`${collectorUrl}${path}`, {
      method: options.method ?? 'POST',
      headers: { ...(body && !options.cut ? { 'content-length': String(body.length) } : {}), ...options.headers },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', () => resolve({ status: -1, body: '' }));
    if (options.cut && body) {
      req.write(body.subarray(0, body.length >> 1));
      setTimeout(() => req.destroy(), 50);
      return;
    }
    req.end(body);
  });
}

test('7: thousands of malformed track() calls, and malformed bodies straight to the collector', async () => {
  const context = await browsers.engine.newContext();
  try {
    rig.resetRecording();
    const page = await openTrail(context, rig.origin, { batch: { delayMs: 100 } });
    const session = (await page.evaluate(() => (window as Win).trail.session)) as string;
    const result = await page.evaluate((calls) => {
      const trail = (window as Win).trail;
      // A small seeded generator, so a failure can be replayed.
      let state = 12345;
      const rand = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
      const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!;
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      const junk = (): unknown =>
        pick<() => unknown>([
          () => undefined,
          () => null,
          () => NaN,
          () => -1,
          () => Infinity,
          () => 10n,
          () => Symbol('s'),
          () => 'x'.repeat(20_000),
          () => '\ud800',
          () => [],
          () => [1, 2],
          () => ({}),
          () => ({ a: { b: { c: 1 } } }),
          () => () => 1,
          () => new Date(),
          () => cyclic,
          () => ({
            toJSON() {
              throw new Error('toJSON');
            },
          }),
          () =>
            new Proxy(
              {},
              {
                get() {
                  throw new Error('proxy');
                },
                ownKeys() {
                  throw new Error('proxy');
                },
              },
            ),
          () =>
            Object.defineProperty({}, 'item', {
              enumerable: true,
              get() {
                throw new Error('getter');
              },
            }),
          () => rand() * 1e6,
          () => 'img-1',
          () => true,
        ])();
      const types = [
        'label.added',
        'label.nope',
        '',
        'LABEL.ADDED',
        'toString',
        '__proto__',
        'item.duration',
        'video.rebuffer',
      ];
      let threw = 0;
      let accepted = 0;
      let refused = 0;
      const valid: string[] = [];
      const odd: string[] = [];
      const firstThrows: string[] = [];
      for (let i = 0; i < calls; i++) {
        if (i % 5 === 0) {
          valid.push(trail.track('label.added', { context: { item: `valid-${i}` } }).id);
          continue;
        }
        const type = rand() < 0.2 ? junk() : pick(types);
        const fields =
          rand() < 0.15
            ? junk()
            : Object.fromEntries(
                (['context', 'label', 'durationMs', 'payload', 'actor', 'extra'] as const)
                  .filter(() => rand() < 0.4)
                  .map((k) => [k, rand() < 0.5 ? junk() : { item: junk(), frame: junk(), id: junk(), name: junk() }]),
              );
        try {
          const e = trail.track(type, fields);
          if (e) {
            accepted++;
            odd.push(e.id);
          } else refused++;
        } catch (error) {
          threw++;
          if (firstThrows.length < 5) firstThrows.push(`${String((error as Error)?.message ?? error)}`);
        }
      }
      const inputErrors = (window as Win).errors.filter((e: any) => e.name === 'TrailInputError');
      return {
        threw,
        accepted,
        refused,
        valid,
        odd,
        firstThrows,
        withReason: inputErrors.filter((e: any) => typeof e.message === 'string' && e.message.length > 0).length,
        statusRefused: (window as Win).trailStatus.refused as number,
      };
    }, 3000);
    await page.evaluate(() => (window as Win).trail.flush({ timeoutMs: 30_000 }));
    const errors = await pageErrors(page);
    const stored = await rig.stored();
    const emitted = [...result.valid, ...result.odd];
    const lost = emitted.filter((id) => !stored.ids.has(id));

    // Straight to the collector: each refused with its 4xx, nothing half-stored.
    const auth = { authorization: `Bearer ${TOKENS.u1}`, 'content-type': 'application/json' };
    const good = JSON.stringify({ batchId: 'b', sentAt: 1, events: [event()] });
    const cases: [string, Parameters<typeof send>[1], number][] = [
      ['malformed JSON', { headers: auth, body: '{"events": [' }, 400],
      ['not a batch', { headers: auth, body: '{"hello": 1}' }, 400],
      ['empty body', { headers: auth, body: '' }, 400],
      ['gzip header, plain body', { headers: { ...auth, 'content-encoding': 'gzip' }, body: good }, 400],
      ['UTF-16 body', { headers: auth, body: Buffer.from(`\ufeff${good}`, 'utf16le') }, 400],
      [
        'gzip bomb',
        { headers: { ...auth, 'content-encoding': 'gzip' }, body: gzipSync(Buffer.alloc(20 * 1024 * 1024, 32)) },
        413,
      ],
      ['oversized', { headers: auth, body: JSON.stringify({ events: [], pad: 'x'.repeat(5 * 1024 * 1024) }) }, 413],
      ['wrong content type', { headers: { ...auth, 'content-type': 'text/html' }, body: good }, 415],
      ['unknown encoding', { headers: { ...auth, 'content-encoding': 'br' }, body: good }, 415],
      ['no token', { headers: { 'content-type': 'application/json' }, body: good }, 401],
      ['unknown token', { headers: { ...auth, authorization: 'Bearer nope-nope-nope' }, body: good }, 401],
      ['basic auth', { headers: { ...auth, authorization: 'Basic dTE6cHc=' }, body: good }, 401],
    ];
    const rowsBefore = (await rig.stored()).rows;
    const wrong: string[] = [];
    for (const [name, options, status] of cases) {
      const answer = await send('/v1/logs', options);
      if (answer.status !== status)
        wrong.push(`${name}: ${answer.status} (expected ${status}) ${answer.body.slice(0, 100)}`);
      else if (!JSON.parse(answer.body).error) wrong.push(`${name}: no error message`);
    }
    // A body cut off mid-way, then a mixed batch: the valid event stored, the invalid rejected.
    await send('/v1/logs', { headers: auth, body: good, cut: true });
    const rowsAfterBad = (await rig.stored()).rows;
    const mixedGood = event();
    const mixed = await send('/v1/logs', {
      headers: auth,
      body: JSON.stringify({ events: [mixedGood, { ...event(), seq: -1 }, { nonsense: true }, 'str'] }),
    });
    const health = await send('/v1/health', { method: 'GET' });
    const after = await rig.stored();

    report({
      scenario: '7 bad input',
      emitted: emitted.length,
      persisted: '—',
      stored: emitted.length - lost.length,
      duplicatesStored: after.dupRows,
      duplicatesSent: duplicatesSent(rig.arrivals),
      lost: lost.length,
      figure:
        `3000 calls: ${result.refused} refused with a reason (${result.withReason} errors), ${result.threw} threw, ` +
        `${result.accepted} odd-but-valid accepted; collector: ` +
        `${cases.length - wrong.length}/${cases.length} bad bodies answered their 4xx, health ${health.status}`,
    });
    expect(result.firstThrows).toEqual([]);
    expect(result.threw).toBe(0);
    expect(errors).toEqual([]);
    expect(result.statusRefused).toBe(result.refused);
    expect(result.withReason).toBe(result.refused);
    expect(lost).toEqual([]);
    expect(seqGaps(stored.bySession, [session])).toEqual([]);
    expect(wrong).toEqual([]);
    expect(rowsAfterBad).toBe(rowsBefore);
    expect(mixed.status).toBe(200);
    expect(JSON.parse(mixed.body)).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(JSON.parse(mixed.body).rejected).toHaveLength(3);
    expect(after.ids.has(mixedGood.id)).toBe(true);
    expect(after.rows).toBe(rowsAfterBad + 1);
    expect(health.status).toBe(200);
    expect(after.dupRows).toBe(0);
  } finally {
    await context.close();
  }
});

test('9: tokens, the auth header and endpoint rules', async () => {
  const context = await browsers.engine.newContext();
  try {
    rig.resetRecording();
    // An annotator cannot read logs, stats or exports.
    const reads: Record<string, number> = {};
    for (const path of ['/v1/logs?start=0&end=9999999999999', '/v1/logs.csv?start=0&end=9999999999999', '/v1/stats']) {
      reads[path] = (await send(path, { method: 'GET', headers: { authorization: `Bearer ${TOKENS.u1}` } })).status;
    }
    const adminRead = (await send('/v1/stats', { method: 'GET', headers: { authorization: `Bearer ${TOKENS.admin}` } }))
      .status;

    // The page of u-1 writes its own events and tries to write as u-2.
    rig.fault(() => ({ kind: 'answer', status: 503 }));
    const page = await openTrail(context, rig.origin, { batch: { delayMs: 50 }, retry: { baseMs: 300, maxMs: 600 } });
    const own = (await page.evaluate(() => (window as Win).emit(50, 'own'))) as string[];
    const forged = (await page.evaluate(() =>
      Array.from(
        { length: 20 },
        (_, i) => (window as Win).trail.track('label.added', { actor: { id: 'u-2' }, context: { item: `f-${i}` } }).id,
      ),
    )) as string[];
    await page.waitForFunction(() => (window as Win).trailStatus.queued >= 70);
    // While stored, the bearer token is nowhere in the page's storage.
    const dump = (await page.evaluate(async () => {
      const out: string[] = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
      for (const info of await indexedDB.databases()) {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open(info.name!);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        for (const store of Array.from(db.objectStoreNames)) {
          const all = await new Promise<unknown[]>((resolve) => {
            const r = db.transaction(store).objectStore(store).getAll();
            r.onsuccess = () => resolve(r.result);
          });
          out.push(JSON.stringify(all));
        }
        db.close();
      }
      return out.join('\n');
    })) as string;
    rig.fault(undefined);
    await page.evaluate(() => (window as Win).trail.flush({ timeoutMs: 30_000 }));
    const rejected = (await page.evaluate(async () =>
      ((await (window as Win).trail.rejectedEvents()) as { event: { id: string }; reason: string }[]).map((r) => [
        r.event.id,
        r.reason,
      ]),
    )) as [string, string][];
    const stored = await rig.stored();
    const ownLost = own.filter((id) => !stored.ids.has(id));
    const forgedStored = forged.filter((id) => stored.ids.has(id));
    const sentAuth = new Set(rig.arrivals.map((a) => a.authorization));

    // Endpoints: same-origin, https or loopback only.
    const endpoints = (await page.evaluate(() => {
      const verdict = (endpoint: string) => {
        try {
          (window as Win).labeltrail.createTrail({ endpoint, actor: { id: 'u-1' }, dbName: 'endpoint-check' }).close();
          return 'ok';
        } catch (error) {
          return (error as Error).name;
        }
      };
      return Object.fromEntries(
        [
          'http://example.com/v1/logs',
          'http://10.0.0.5:4318/v1/logs',
          'http://logs.internal/v1/logs',
          'ftp://example.com/x',
          'javascript:alert(1)',
          'https://logs.example.com/v1/logs',
          'http://127.0.0.1:4318/v1/logs',
          'http://localhost:4318/v1/logs',
          '/v1/logs',
        ].map((e) => [e, verdict(e)]),
      );
    })) as Record<string, string>;
    expect(await pageErrors(page)).toEqual([]);

    report({
      scenario: '9 security',
      emitted: own.length + forged.length,
      persisted: '—',
      stored: own.length - ownLost.length,
      duplicatesStored: stored.dupRows,
      duplicatesSent: duplicatesSent(rig.arrivals, new Set(own)),
      lost: ownLost.length,
      figure:
        `annotator reads → ${[...new Set(Object.values(reads))].join('/')}; ${forged.length} ` +
        `forged-actor events → ${rejected.length} rejected, ${forgedStored.length} stored; ` +
        `token in page storage: ${dump.includes(TOKENS.u1) ? 'YES' : 'no'}; ` +
        `${Object.values(endpoints).filter((v) => v !== 'ok').length} endpoints refused`,
    });
    expect(reads).toEqual({
      '/v1/logs?start=0&end=9999999999999': 403,
      '/v1/logs.csv?start=0&end=9999999999999': 403,
      '/v1/stats': 403,
    });
    expect(adminRead).toBe(200);
    expect(ownLost).toEqual([]);
    expect(forgedStored).toEqual([]);
    expect(new Set(rejected.map(([id]) => id))).toEqual(new Set(forged));
    expect(rejected.every(([, reason]) => reason.startsWith('actor.id'))).toBe(true);
    expect(dump.length).toBeGreaterThan(1000);
    expect(dump).not.toContain(TOKENS.u1);
    expect([...sentAuth]).toEqual([`Bearer ${TOKENS.u1}`]);
    expect(endpoints).toEqual({
      'http://example.com/v1/logs': 'TrailConfigError',
      'http://10.0.0.5:4318/v1/logs': 'TrailConfigError',
      'http://logs.internal/v1/logs': 'TrailConfigError',
      'ftp://example.com/x': 'TrailConfigError',
      'javascript:alert(1)': 'TrailConfigError',
      'https://logs.example.com/v1/logs': 'ok',
      'http://127.0.0.1:4318/v1/logs': 'ok',
      'http://localhost:4318/v1/logs': 'ok',
      '/v1/logs': 'ok',
    });
    expect(stored.dupRows).toBe(0);
  } finally {
    rig.fault(undefined);
    await context.close();
  }
});
