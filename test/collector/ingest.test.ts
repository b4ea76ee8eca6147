import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeOtlp } from '../../src/delivery/formats.js';
import { createCollector, decodeOtlp, type Collector, type SqlClient } from '../../src/collector/index.js';
import { ADMIN, ALICE, OWNER, clearEvents, getJson, makeEvent, postBatch, startCollector, tokens } from './helpers.js';

const MAX_BODY = 64 * 1024;
let collector: Collector;
let url: string;

beforeAll(async () => {
  ({ collector, url } = await startCollector({ maxBodyBytes: MAX_BODY }));
});
afterAll(() => collector.close());
beforeEach(() => clearEvents(collector));

async function storedIds(): Promise<string[]> {
  const { body } = await getJson(url, '/v1/logs?start=0&end=9999999999999&order=asc&limit=1000');
  return body.events.map((event: { id: string }) => event.id);
}

describe('POST /v1/logs, native batches', () => {
  it('stores valid events and answers accepted counts', async () => {
    const events = [makeEvent('label.added', { label: { id: 'L1', name: 'car' } }), makeEvent('item.opened')];
    const response = await postBatch(url, ALICE, events);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect(await storedIds()).toEqual(events.map((event) => event.id));
  });

  it('rejects an invalid event individually with a reason naming the field, and stores the rest', async () => {
    const good = makeEvent('label.added');
    const badSeq = { ...makeEvent('label.edited'), seq: 'three' };
    const badCode = { ...makeEvent('label.deleted'), code: 7 };
    const badPayload = makeEvent('item.duration', {
      payload: { durationMs: -5, seconds: 1, editingMs: 0, touched: true },
    });
    const response = await postBatch(url, ALICE, [good, badSeq, badCode, badPayload]);
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body.accepted).toBe(1);
    expect(body.rejected).toHaveLength(3);
    expect(body.rejected[0]).toMatchObject({ id: badSeq.id });
    expect(body.rejected[0].reason).toMatch(/^seq: /);
    expect(body.rejected[1]).toMatchObject({ id: badCode.id });
    expect(body.rejected[1].reason).toMatch(/^code: .*action number/);
    expect(body.rejected[2]).toMatchObject({ id: badPayload.id });
    expect(body.rejected[2].reason).toMatch(/^payload\.durationMs: /);
    expect(await storedIds()).toEqual([good.id]);
  });

  it('reports an event without an id with id null', async () => {
    const { id: _id, ...noId } = makeEvent('label.added');
    const body = await (await postBatch(url, ALICE, [noId])).json();
    expect(body.rejected).toEqual([{ id: null, reason: expect.stringMatching(/^id: /) }]);
  });

  it('dedupes by id: a resent batch is stored once and counted as duplicates', async () => {
    const events = [makeEvent('label.added'), makeEvent('label.edited'), makeEvent('label.deleted')];
    expect(await (await postBatch(url, ALICE, events)).json()).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    const mixed = [...events.slice(1), makeEvent('item.opened')];
    expect(await (await postBatch(url, ALICE, mixed)).json()).toEqual({ accepted: 1, duplicates: 2, rejected: [] });
    const repeatedInBatch = makeEvent('label.added');
    expect(await (await postBatch(url, ALICE, [repeatedInBatch, repeatedInBatch])).json()).toEqual({
      accepted: 1,
      duplicates: 1,
      rejected: [],
    });
    expect((await storedIds()).sort()).toEqual([...events, mixed[2]!, repeatedInBatch].map((e) => e.id).sort());
  });

  it('stores ids with tabs, line breaks, quotes and non-ASCII text exactly; refuses other controls', async () => {
    // U+001D to U+001F are what the fast insert path separates values with; like NUL they are
    // refused by the envelope's limits, one event at a time.
    const odd = makeEvent('label.added', {
      context: { project: 'p\u001e1', item: 'item\u001f"7"\\', workflowStage: 'stage\u001d' },
      label: { id: 'L\u0001\n', name: 'vélo 🚲' },
    });
    const plain = makeEvent('label.added', {
      context: { project: 'p1', item: 'ünï "x"\r\n\\y', task: 'the text \\u001e, not the character' },
      label: { id: 'L2\n', name: 'tab\there' },
    });
    const answer = await (await postBatch(url, OWNER, [odd, makeEvent('item.opened'), plain])).json();
    expect(answer).toMatchObject({
      accepted: 2,
      rejected: [{ id: odd.id, reason: expect.stringMatching(/^context.project: /) }],
    });
    const { body } = await getJson(url, '/v1/logs?start=0&end=9999999999999&order=asc');
    expect(body.events.find((event: { id: string }) => event.id === plain.id)).toEqual(plain);
    const byItem = await getJson(
      url,
      `/v1/logs?start=0&end=9999999999999&item=${encodeURIComponent(plain.context.item!)}`,
    );
    expect(byItem.body.events.map((event: { id: string }) => event.id)).toEqual([plain.id]);
    const byLabel = await getJson(url, `/v1/stats?project=p1&start=0&end=9999999999999`);
    expect(byLabel.body.overall).toMatchObject({ labeledItems: 1, labeledObjects: 1 });
  });

  it('accepts text/plain JSON, the type a beacon can send without a preflight', async () => {
    const event = makeEvent('item.opened');
    const response = await postBatch(url, ALICE, [event], {
      headers: { authorization: `Bearer ${ALICE}`, 'content-type': 'text/plain;charset=UTF-8' },
    });
    expect(await response.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });

  it('accepts a gzip body', async () => {
    const events = [makeEvent('label.added'), makeEvent('label.edited')];
    const response = await fetch(`${url}/v1/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ALICE}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ batchId: 'g', sentAt: 1, events })),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).accepted).toBe(2);
    expect(await storedIds()).toEqual(events.map((event) => event.id));
  });
});

describe('POST /v1/logs, OTLP/HTTP JSON', () => {
  const rich = () => [
    makeEvent('label.added', {
      actor: { id: 'alice', email: 'alice@example.com' },
      context: {
        project: 'p1',
        dataset: 'd1',
        item: 'img-7',
        frame: 42,
        workflowStage: 'annotate',
        branch: 'main',
        job: 'j1',
        task: 't1',
        annotation: 'a1',
      },
      label: { id: 'L9', feature: 'f-car', name: 'car, red "sedan"' },
      durationMs: 1530.25,
      seq: 17,
      mono: 98765.4321,
    }),
    makeEvent('item.duration', {
      payload: {
        durationMs: 60_000,
        seconds: 60,
        editingMs: 45_000,
        touched: true,
        extra: { nested: [1, 'two', null] },
      },
    }),
    makeEvent('trail.dropped', { payload: { count: 3, reason: 'queue full' } }),
  ];

  it('decodes exactly the original envelopes (decoder alone and through the server)', async () => {
    const events = rich();
    const body = encodeOtlp(events, 1_750_000_000_999, 'editor', '0.1.0');
    expect(decodeOtlp(JSON.parse(JSON.stringify(body)))).toStrictEqual(events);
    const response = await fetch(`${url}/v1/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ALICE}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ partialSuccess: { rejectedLogRecords: 0, errorMessage: '' } });
    const stored = await getJson(url, '/v1/logs?start=0&end=9999999999999&order=asc');
    expect(stored.body.events).toStrictEqual(events);
  });

  it('answers partial success with the rejected count and reasons, gzip too', async () => {
    const events = rich();
    const body = encodeOtlp(events, 1, 'editor', '0.1.0');
    // Break the second record's seq attribute: the others must still be stored.
    const attributes = body.resourceLogs[0]!.scopeLogs[0]!.logRecords[1]!.attributes;
    const seq = attributes.find((attribute) => attribute.key === 'labeltrail.seq')!;
    seq.value = { stringValue: 'not a number' };
    const response = await fetch(`${url}/v1/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ALICE}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(body)),
    });
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer.partialSuccess.rejectedLogRecords).toBe(1);
    expect(answer.partialSuccess.errorMessage).toContain(`${events[1]!.id}: seq: `);
    expect((await storedIds()).sort()).toEqual([events[0]!.id, events[2]!.id].sort());
  });
});

describe('POST /v1/logs, refused requests', () => {
  const post = (init: RequestInit & { headers?: Record<string, string> }) =>
    fetch(`${url}/v1/logs`, {
      method: 'POST',
      ...init,
      headers: { authorization: `Bearer ${ALICE}`, 'content-type': 'application/json', ...init.headers },
    });

  it('413 for a body over the limit, plain or inflating past the limit', async () => {
    const big = JSON.stringify({ events: [], padding: 'x'.repeat(MAX_BODY + 1) });
    const response = await post({ body: big });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatch(/larger than 65536 bytes/);
    const bomb = gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(MAX_BODY);
    const inflated = await post({ body: bomb, headers: { 'content-encoding': 'gzip' } });
    expect(inflated.status).toBe(413);
    expect((await inflated.json()).error).toMatch(/inflates to more than/);
  });

  it('415 for a wrong content type or encoding', async () => {
    const csv = await post({ body: 'a,b', headers: { 'content-type': 'text/csv' } });
    expect(csv.status).toBe(415);
    expect((await csv.json()).error).toMatch(
      /Content-Type must be application\/json or application\/x-protobuf \(OTLP\), got "text\/csv"/,
    );
    // OTLP protobuf is taken (see otlpProtobuf.test.ts); bytes that are not one are a 400 naming it.
    const protobuf = await post({
      body: new Uint8Array([1, 2]),
      headers: { 'content-type': 'application/x-protobuf' },
    });
    expect(protobuf.status).toBe(400);
    expect((await protobuf.json()).error).toMatch(/not an OTLP ExportLogsServiceRequest in protobuf/);
    const brotli = await post({ body: '{}', headers: { 'content-encoding': 'br' } });
    expect(brotli.status).toBe(415);
    expect((await brotli.json()).error).toMatch(/Content-Encoding "br"/);
  });

  it('400 for malformed JSON, broken gzip and bodies that are no batch', async () => {
    const malformed = await post({ body: '{"events": [' });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toMatch(/^body is not valid JSON: /);
    const notGzip = await post({ body: '{"events": []}', headers: { 'content-encoding': 'gzip' } });
    expect(notGzip.status).toBe(400);
    expect((await notGzip.json()).error).toMatch(/not valid gzip/);
    const shape = await post({ body: JSON.stringify({ items: [] }) });
    expect(shape.status).toBe(400);
    expect((await shape.json()).error).toMatch(/neither a labeltrail batch .* nor an OTLP/);
    expect(await storedIds()).toEqual([]);
  });
});

describe('one transaction per batch', () => {
  it('stores nothing of a batch whose write fails part-way', async () => {
    const real = collector.db;
    let inserts = 0;
    let armed = false; // set-up writes in a transaction too; only the batch's statements count
    // A database whose second insert statement of a transaction fails, as a full disk would.
    const failing: SqlClient = {
      query: (sql, params) => real.query(sql, params),
      close: () => Promise.resolve(),
      transaction: (fn) =>
        real.transaction((tx) =>
          fn({
            query: async (sql, params) => {
              if (armed && sql.includes('INSERT') && ++inserts === 2) throw new Error('disk full');
              return tx.query(sql, params);
            },
          }),
        ),
    };
    const flaky = await createCollector({ tokens, db: failing });
    armed = true;
    const { url: flakyUrl } = await flaky.listen({ port: 0 });
    try {
      // More events than one insert statement takes, so the batch needs two statements.
      const events = Array.from({ length: 2500 }, (_, i) => makeEvent('label.added', { seq: i }));
      const response = await postBatch(flakyUrl, ADMIN, events);
      expect(response.status).toBe(500);
      expect(inserts).toBe(2);
      expect((await real.query('SELECT count(*)::int AS n FROM labeltrail_events')).rows).toEqual([{ n: 0 }]);
      // The same batch succeeds whole once the database works again (only the 2nd insert failed).
      const retry = await postBatch(flakyUrl, OWNER, events);
      expect(await retry.json()).toEqual({ accepted: 2500, duplicates: 0, rejected: [] });
      expect(inserts).toBe(4);
    } finally {
      await flaky.close();
    }
  });
});
