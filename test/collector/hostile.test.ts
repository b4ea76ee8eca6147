// The findings of the hostile-input review of the collector (issue 9), one test each: what an
// attacker's request did to the collector, and that it no longer does. Public API only.
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeOtlp } from '../../src/delivery/formats.js';
import { createCollector, type Collector, type SqlClient } from '../../src/collector/index.js';
import { ADMIN, ALICE, OWNER, clearEvents, getJson, makeEvent, parseCsv, postBatch, tokens } from './helpers.js';

let collector: Collector;
let url: string;
let port: number;
const RANGE = 'start=0&end=9999999999999';

beforeAll(async () => {
  collector = await createCollector({ tokens });
  ({ url, port } = await collector.listen({ port: 0 }));
});
afterAll(() => collector.close());
beforeEach(() => clearEvents(collector));

/** Writes raw bytes to the collector and resolves with everything it answered until it closed (or `waitMs`). */
function raw(text: string, waitMs = 2000, target = port): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(target, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(answer);
    }, waitMs);
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.on('error', () => undefined);
    socket.write(text);
  });
}

async function storedIds(): Promise<string[]> {
  const { body } = await getJson(url, `/v1/logs?${RANGE}&order=asc&limit=1000`);
  return body.events.map((event: { id: string }) => event.id);
}

const health = async () => (await fetch(`${url}/v1/health`)).status;

describe('high: nothing a client sends takes the collector down or fails a batch', () => {
  it.each(['GET //a:99999/v1/health', 'GET //[/', 'GET http://a:99999/v1/health'])(
    'answers the request target %s with a JSON 400 and keeps serving',
    async (line) => {
      const answer = await raw(`${line} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toMatch(/\r\nx-request-id: [\da-f-]{36}\r\n/i);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toHaveProperty('error');
      expect(await health()).toBe(200);
    },
  );

  it.each([
    ['label.name', { label: { name: 'Car\u0000' } }],
    ['context.item', { context: { item: 'img\u0000' } }],
    ['actor.id', { actor: { id: 'alice\u0000' } }],
    ['context.project', { context: { project: '車'.repeat(512), dataset: '車'.repeat(512) } }],
  ])('rejects an event with a bad %s alone and stores the good ones beside it', async (field, overrides) => {
    const good = [makeEvent('label.added'), makeEvent('item.opened')];
    const poison = makeEvent('label.added', overrides as never);
    const response = await postBatch(url, ADMIN, [good[0], poison, good[1]]);
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer.accepted).toBe(2);
    expect(answer.rejected).toEqual([{ id: poison.id, reason: expect.stringMatching(new RegExp(`^${field}: `)) }]);
    expect((await storedIds()).sort()).toEqual(good.map((event) => event.id).sort());
  });

  it('rejects an item.opened payload nested 5000 deep alone', async () => {
    const good = makeEvent('label.added');
    const deep = makeEvent('item.opened');
    // Written by hand: JSON.stringify itself runs out of stack on it here.
    const payload = `${'{"n":'.repeat(5000)}{}${'}'.repeat(5000)}`;
    const deepText = `${JSON.stringify(deep).slice(0, -1)},"payload":${payload}}`;
    const body = `{"batchId":"b","sentAt":1,"events":[${deepText},${JSON.stringify(good)}]}`;
    const response = await fetch(`${url}/v1/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer).toMatchObject({
      accepted: 1,
      rejected: [{ id: deep.id, reason: expect.stringMatching(/^payload: /) }],
    });
  });

  it('rejects two item.duration events of 1.7e308 ms in one hour, and stats stay finite', async () => {
    const huge = { durationMs: 1.7e308, seconds: 1.7e305, editingMs: 0, touched: true };
    const events = [makeEvent('item.duration', { payload: huge }), makeEvent('item.duration', { payload: huge })];
    const good = makeEvent('item.duration', { payload: { durationMs: 5000, seconds: 5, editingMs: 0, touched: true } });
    const answer = await (await postBatch(url, ADMIN, [...events, good])).json();
    expect(answer.accepted).toBe(1);
    expect(answer.rejected.map((r: { id: string }) => r.id)).toEqual(events.map((event) => event.id));
    const stats = await getJson(url, '/v1/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.overall.timeInToolMs).toBe(5000);
  });

  it('an event the database refuses is rejected alone with its reason, the rest of the batch stored', async () => {
    // A rule the envelope knows nothing of, so the checks pass the event and the database refuses it.
    await collector.db.query(
      `ALTER TABLE labeltrail_events ADD CONSTRAINT hostile_poison CHECK (label_name IS DISTINCT FROM 'poison')`,
    );
    try {
      const events = Array.from({ length: 40 }, (_, i) =>
        makeEvent('label.added', { seq: i, label: { id: `L${i}`, name: i === 13 || i === 31 ? 'poison' : 'car' } }),
      );
      const response = await postBatch(url, ADMIN, events);
      expect(response.status).toBe(200);
      const answer = await response.json();
      expect(answer.accepted).toBe(38);
      expect(answer.rejected).toEqual(
        [13, 31].map((i) => ({ id: events[i]!.id, reason: 'the database refused this event (SQLSTATE 23514)' })),
      );
      expect((await storedIds()).length).toBe(38);
      const stats = await getJson(url, `/v1/stats?${RANGE}`);
      expect(stats.body.overall).toMatchObject({ events: 38, labeledObjects: 38 });
    } finally {
      await collector.db.query('ALTER TABLE labeltrail_events DROP CONSTRAINT hostile_poison');
    }
  });
});

describe('medium', () => {
  it('rejects 1.7e308 durations sent in separate batches, so /v1/stats keeps answering', async () => {
    const huge = { durationMs: 1.7e308, seconds: 1, editingMs: 1.7e308, touched: true };
    for (let i = 0; i < 2; i++) {
      const answer = await (await postBatch(url, ADMIN, [makeEvent('item.duration', { payload: huge })])).json();
      expect(answer.accepted).toBe(0);
    }
    expect((await getJson(url, `/v1/stats?${RANGE}`)).status).toBe(200);
  });

  it('writes CSV cells a spreadsheet would run as formulas with a leading quote', async () => {
    const names = ['=HYPERLINK("http://x.example","y")', '+1+1', '@SUM(A1)', '-2+3@x.com', '\tx', '\rx', 'plain'];
    const events = names.map((name, i) => makeEvent('label.added', { seq: i, label: { name } }));
    await postBatch(url, ADMIN, events);
    const response = await fetch(`${url}/v1/logs.csv?${RANGE}&order=asc`, {
      headers: { authorization: `Bearer ${OWNER}` },
    });
    const rows = parseCsv(await response.text());
    const column = rows[0]!.indexOf('label_name');
    expect(rows.slice(1).map((row) => row[column])).toEqual([...names.slice(0, 6).map((name) => `'${name}`), 'plain']);
  });

  it('refuses a batch of 2,000,000 events with 413 at once, and health answers meanwhile', async () => {
    const body = gzipSync(`{"events":[${'0,'.repeat(1_999_999)}0]}`);
    const started = Date.now();
    const [response, during] = await Promise.all([
      fetch(`${url}/v1/logs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body,
      }),
      health(),
    ]);
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatch(/more than 10000/);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(during).toBe(200);
  });

  it('lists at most 1000 rejections, with the count of all', async () => {
    const response = await postBatch(
      url,
      ADMIN,
      Array.from({ length: 10_000 }, () => 0),
    );
    const answer = await response.json();
    expect(answer).toMatchObject({ accepted: 0, rejectedCount: 10_000 });
    expect(answer.rejected).toHaveLength(1000);
  });

  it('decodes an OTLP timeUnixNano of 16 million digits in no time, rejecting the record', async () => {
    const otlp = encodeOtlp([makeEvent('label.added')], Date.now(), 'test', '1') as unknown as {
      resourceLogs: { scopeLogs: { logRecords: { timeUnixNano: string }[] }[] }[];
    };
    otlp.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.timeUnixNano = '9'.repeat(16_000_000);
    const started = Date.now();
    const response = await fetch(`${url}/v1/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(otlp)),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).partialSuccess.rejectedLogRecords).toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('closes silent and slow connections, and caps how many are open', async () => {
    const limited = await createCollector({
      tokens,
      serverLimits: { headersTimeoutMs: 300, requestTimeoutMs: 600, idleSocketTimeoutMs: 1000, maxConnections: 5 },
    });
    const { port: limitedPort, url: limitedUrl } = await limited.listen({ port: 0 });
    try {
      const started = Date.now();
      // A connection that never sends a byte, and one that sends half its headers.
      const [silent, partial] = await Promise.all([
        raw('', 5000, limitedPort),
        raw('GET /v1/health HTTP/1.1\r\nHost: x\r\n', 5000, limitedPort),
      ]);
      expect(Date.now() - started).toBeLessThan(4000);
      expect(silent + partial).not.toMatch(/200 OK/);
      // A body sent slower than the request timeout allows.
      const slow = await new Promise<string>((resolve) => {
        const socket = connect(limitedPort, '127.0.0.1');
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('close', () => resolve(answer));
        socket.on('error', () => undefined);
        socket.write(
          `POST /v1/logs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN}\r\n` +
            'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
        );
        const drip = setInterval(() => socket.writable && socket.write(' '), 100);
        socket.on('close', () => clearInterval(drip));
        setTimeout(() => socket.destroy(), 5000);
      });
      expect(Date.now() - started).toBeLessThan(8000);
      expect(slow).not.toMatch(/200 OK/);
      // Eight connections to a server that takes five: the others are closed at once.
      const closed: boolean[] = [];
      const held = Array.from({ length: 8 }, (_, i) => {
        closed[i] = false;
        const socket = connect(limitedPort, '127.0.0.1');
        socket.on('close', () => (closed[i] = true));
        socket.on('error', () => undefined);
        return socket;
      });
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(closed.filter(Boolean).length).toBe(3);
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await fetch(`${limitedUrl}/v1/health`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('low', () => {
  it('answers a forged cursor (non-UUID id, a string for a number) with 400, not 500', async () => {
    await postBatch(url, ADMIN, [makeEvent('label.added'), makeEvent('label.added'), makeEvent('label.added')]);
    const { body } = await getJson(url, `/v1/logs?${RANGE}&limit=1`);
    const fingerprint = createHash('sha256')
      .update(JSON.stringify({ end: 9999999999999, start: 0 }))
      .digest('base64url');
    for (const state of [
      [1, 'time', 'desc', [1, 'not-a-uuid'], 99, fingerprint.slice(0, 16)],
      [1, 'time', 'desc', ['x', '0190b3f2-7c4e-7d2a-9f1e-2b3c4d5e6f70'], 'many', fingerprint.slice(0, 16)],
    ]) {
      const forged = Buffer.from(JSON.stringify(state)).toString('base64url');
      for (const cursor of [forged, `${forged}.${body.nextCursor.split('.')[1] ?? 'x'}`]) {
        const answer = await getJson(url, `/v1/logs?${RANGE}&limit=1&cursor=${cursor}`);
        expect(answer.status).toBe(400);
        expect(answer.body.error).toMatch(/^cursor: /);
      }
    }
  });

  it('accepts a cursor of another collector on the same database, refuses one from another database', async () => {
    await postBatch(url, ADMIN, [makeEvent('label.added'), makeEvent('label.added'), makeEvent('label.added')]);
    const { body } = await getJson(url, `/v1/logs?${RANGE}&limit=1`);
    const shared: SqlClient = { ...collector.db, close: () => Promise.resolve() };
    const sibling = await createCollector({ tokens, db: shared });
    const other = await createCollector({ tokens });
    try {
      const siblingUrl = (await sibling.listen({ port: 0 })).url;
      const otherUrl = (await other.listen({ port: 0 })).url;
      const next = await getJson(siblingUrl, `/v1/logs?${RANGE}&limit=1&cursor=${body.nextCursor}`);
      expect(next.status).toBe(200);
      expect(next.body.events).toHaveLength(1);
      const foreign = await getJson(otherUrl, `/v1/logs?${RANGE}&limit=1&cursor=${body.nextCursor}`);
      expect(foreign.status).toBe(400);
      expect(foreign.body.error).toMatch(/^cursor: not a cursor returned by this collector/);
    } finally {
      await sibling.close();
      await other.close();
    }
  });

  it('answers a database failure with 500 "internal error" and the request id, logging no SQL or body', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }),
    );
    const real = collector.db;
    const failing: SqlClient = {
      query: async (sql, params) => {
        if (sql.startsWith('INSERT INTO labeltrail_events'))
          throw Object.assign(new Error('could not extend file "base/16384/labeltrail_events_time"'), {
            code: '53100',
            query: sql,
            params,
          });
        return real.query(sql, params);
      },
      transaction: (fn) => real.transaction(fn),
      close: () => Promise.resolve(),
    };
    const broken = await createCollector({ tokens, db: failing, logger });
    const { url: brokenUrl } = await broken.listen({ port: 0 });
    try {
      const event = makeEvent('label.added', { actor: { id: 'adam', email: 'secret.person@example.com' } });
      const response = await postBatch(brokenUrl, ADMIN, [event]);
      expect(response.status).toBe(500);
      const id = response.headers.get('x-request-id');
      expect(id).toMatch(/^[\da-f-]{36}$/);
      const answer = await response.json();
      expect(answer.error).toBe(`internal error (request ${id})`);
      expect(JSON.stringify(answer)).not.toMatch(/labeltrail_events|base\//);
      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged.some((line) => line['requestId'] === id && line['level'] === 50)).toBe(true);
      expect(lines.join('')).not.toMatch(/secret\.person|INSERT INTO/);
    } finally {
      await broken.close();
    }
  });

  it.each([
    ["start=' OR '1'='1", 'start'],
    ['start=x 1', 'start'],
    ['start=Jan 1 2001', 'start'],
    ['end=99999999999999999999', 'end'],
    ['limit=1e3', 'limit'],
    ['limit=0x10', 'limit'],
    ['limit=10.0', 'limit'],
  ])('refuses the parameter %s with 400', async (query, name) => {
    const params = new URLSearchParams(`${RANGE}`);
    for (const [key, value] of new URLSearchParams(query)) params.set(key, value);
    const answer = await getJson(url, `/v1/logs?${params}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(new RegExp(`^${name} `));
  });

  it('rejects event times a Date cannot write, and an export over a stored one still completes', async () => {
    const answer = await (
      await postBatch(url, ADMIN, [
        makeEvent('label.added', { time: 8_640_000_000_000_001 }),
        makeEvent('label.added', { time: 2 ** 53 - 1 }),
      ])
    ).json();
    expect(answer.rejected.map((r: { reason: string }) => r.reason)).toEqual([
      expect.stringMatching(/^time: /),
      expect.stringMatching(/^time: /),
    ]);
    // A row from before times were bounded, written straight into the table.
    const event = makeEvent('label.added');
    await postBatch(url, ADMIN, [event, makeEvent('label.added')]);
    const stored = JSON.stringify({ ...event, time: 8_640_000_000_000_001 });
    await collector.db.query('UPDATE labeltrail_events SET time_ms = $1, event = $2 WHERE id = $3', [
      8_640_000_000_000_001,
      stored,
      event.id,
    ]);
    const response = await fetch(`${url}/v1/logs.csv?start=0&end=8640000000000000&order=asc`, {
      headers: { authorization: `Bearer ${OWNER}` },
    });
    const csv = await response.text();
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv)).toHaveLength(2);
    const all = await fetch(`${url}/v1/logs.csv?start=0&end=8640000000000000&order=asc&actor=alice`, {
      headers: { authorization: `Bearer ${OWNER}` },
    });
    expect(all.status).toBe(200);
  });

  it('refuses retention settings that are not a number of days from 1 to 36,500', async () => {
    for (const retentionDays of [Infinity, Number('1e400'), 1e-9, 0, -1, 40_000, NaN]) {
      await expect(createCollector({ tokens, retentionDays })).rejects.toThrow(
        /retentionDays must be a positive number of days from 1 to 36500/,
      );
    }
  });

  it('expires future-dated events by the time they were received', async () => {
    let now = Date.now();
    const pruner = await createCollector({ tokens, retentionDays: 1, now: () => now });
    const { url: prunerUrl } = await pruner.listen({ port: 0 });
    try {
      const future = makeEvent('label.added', { time: now + 365 * 24 * 3600 * 1000 });
      await postBatch(prunerUrl, ADMIN, [future]);
      expect(await pruner.sweepRetention()).toBe(0);
      now += 2 * 24 * 3600 * 1000;
      expect(await pruner.sweepRetention()).toBe(1);
    } finally {
      await pruner.close();
    }
  });

  it('rejects lone surrogates in keys instead of collapsing distinct values into one', async () => {
    const a = makeEvent('label.added', { context: { project: 'x\udfff' } });
    const b = makeEvent('label.added', { context: { project: 'x\udffe' } });
    const answer = await (await postBatch(url, ADMIN, [a, b])).json();
    expect(answer.rejected.map((r: { id: string }) => r.id)).toEqual([a.id, b.id]);
  });

  it('refuses a cursor made for sort=time when used with sort=action', async () => {
    await postBatch(url, ADMIN, [makeEvent('label.added'), makeEvent('label.edited'), makeEvent('label.deleted')]);
    const { body } = await getJson(url, `/v1/logs?${RANGE}&limit=1&sort=time`);
    const other = await getJson(url, `/v1/logs?${RANGE}&limit=1&sort=action&cursor=${body.nextCursor}`);
    expect(other.status).toBe(400);
    expect(other.body.error).toMatch(/^cursor: .*sort=time/);
  });

  it('answers a batch of more than 10,000 events with 413', async () => {
    const response = await postBatch(
      url,
      ALICE,
      Array.from({ length: 10_001 }, () => 0),
    );
    expect(response.status).toBe(413);
  });
});
