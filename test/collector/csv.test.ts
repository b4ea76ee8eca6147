import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrailEvent } from '../../src/events/schema.js';
import { csvColumns, type Collector } from '../../src/collector/index.js';
import { ALICE, OWNER, makeEvent, parseCsv, postBatch, startCollector } from './helpers.js';

let collector: Collector;
let url: string;
const T0 = 1_770_000_000_000;

beforeAll(async () => {
  ({ collector, url } = await startCollector());
});
afterAll(() => collector.close());

async function csv(query: string, token = OWNER): Promise<{ status: number; type: string | null; rows: string[][] }> {
  const response = await fetch(`${url}/v1/logs.csv?${query}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), rows: parseCsv(text) };
}

const full = makeEvent('label.added', {
  time: T0 + 1234,
  seq: 7,
  mono: 5555.25,
  actor: { id: 'alice', email: 'alice@example.com' },
  context: {
    project: 'p1',
    dataset: 'd1',
    item: 'data-hash-1',
    frame: 12,
    workflowStage: 'node-uuid-1',
    branch: 'main',
    job: 'j1',
    task: 't1',
    annotation: 'ann-1',
  },
  label: { id: 'obj-1', feature: 'feat-1', name: 'car, "red"\nsedan' },
  durationMs: 840,
  payload: { note: 'x,y', nested: { a: [1, 2] } },
});
const sparse = makeEvent('item.opened', {
  time: T0 + 2000,
  actor: { id: 'bob' },
  context: { project: 'p2', job: 'j2' },
});

describe('GET /v1/logs.csv', () => {
  it('writes an item.duration’s time buckets in their own columns', async () => {
    const payload = { durationMs: 7_000, seconds: 7, editingMs: 0, touched: false, openMs: 20_000 };
    const buckets = { activeMs: 5_000, stalledMs: 2_000, idleMs: 9_000, hiddenMs: 3_000, blurredMs: 1_000 };
    const timed = makeEvent('item.duration', {
      time: T0 + 50_000,
      actor: { id: 'alice' },
      payload: { ...payload, ...buckets },
    });
    expect((await (await postBatch(url, OWNER, [timed])).json()).accepted).toBe(1);
    const { rows } = await csv(`start=${T0 + 50_000}&end=${T0 + 50_001}`);
    const row = Object.fromEntries(csvColumns.map((column, i) => [column, rows[1]![i]]));
    expect(row).toMatchObject({
      time_taken: '',
      open_ms: '20000',
      active_ms: '5000',
      stalled_ms: '2000',
      idle_ms: '9000',
      hidden_ms: '3000',
      blurred_ms: '1000',
    });
  });

  it('exports the label-log columns then labeltrail’s own, with the documented mapping', async () => {
    expect((await (await postBatch(url, OWNER, [full, sparse])).json()).accepted).toBe(2);
    const { status, type, rows } = await csv(`start=${T0}&end=${T0 + 10_000}&order=asc`);
    expect(status).toBe(200);
    expect(type).toBe('text/csv; charset=utf-8');
    expect(rows[0]).toEqual([...csvColumns]);
    expect(rows[0]!.slice(0, 13)).toEqual([
      'log_hash',
      'user_hash',
      'user_email',
      'identifier',
      'data_hash',
      'feature_hash',
      'action',
      'label_name',
      'time_taken',
      'created_at',
      'frame',
      'branch_name',
      'graph_node_uuid',
    ]);
    expect(rows).toHaveLength(3);
    const record = (row: string[]) => Object.fromEntries(csvColumns.map((column, i) => [column, row[i]]));
    expect(record(rows[1]!)).toEqual({
      log_hash: full.id,
      user_hash: 'alice',
      user_email: 'alice@example.com',
      identifier: 'obj-1',
      data_hash: 'data-hash-1',
      feature_hash: 'feat-1',
      action: '0',
      label_name: 'car, "red"\nsedan',
      time_taken: '840',
      created_at: new Date(T0 + 1234).toISOString(),
      frame: '12',
      branch_name: 'main',
      graph_node_uuid: 'node-uuid-1',
      type: 'label.added',
      category: 'label',
      session: full.session,
      seq: '7',
      mono: '5555.25',
      project: 'p1',
      dataset: 'd1',
      job: 'j1',
      task: 't1',
      annotation: 'ann-1',
      team: 'red',
      payload: JSON.stringify(full.payload),
      ...Object.fromEntries(csvColumns.slice(-6).map((column) => [column, ''])), // buckets: item.duration only
    });
    expect(record(rows[2]!)).toMatchObject({
      log_hash: sparse.id,
      user_hash: 'bob',
      user_email: '',
      identifier: '',
      action: '',
      time_taken: '',
      frame: '',
      type: 'item.opened',
      category: 'time',
      project: 'p2',
      job: 'j2',
      team: 'blue',
      payload: '',
    });
    expect(record(rows[1]!)['created_at']).toMatch(/Z$/);
  });

  it('scopes by project, job and team', async () => {
    const range = `start=${T0}&end=${T0 + 10_000}`;
    expect((await csv(`${range}&project=p2`)).rows.slice(1).map((row) => row[0])).toEqual([sparse.id]);
    expect((await csv(`${range}&job=j1`)).rows.slice(1).map((row) => row[0])).toEqual([full.id]);
    expect((await csv(`${range}&team=red`)).rows.slice(1).map((row) => row[0])).toEqual([full.id]);
    expect((await csv(`${range}&team=blue,red&order=asc`)).rows.slice(1).map((row) => row[0])).toEqual([
      full.id,
      sparse.id,
    ]);
  });

  it('streams every row of an export larger than one internal page, in order', async () => {
    const base = T0 + 100_000;
    const many: TrailEvent[] = Array.from({ length: 6200 }, (_, i) =>
      makeEvent('label.edited', { time: base + i, seq: i, actor: { id: 'alice' }, context: { project: 'bulk' } }),
    );
    for (let start = 0; start < many.length; start += 2000) {
      expect((await (await postBatch(url, ALICE, many.slice(start, start + 2000))).json()).accepted).toBe(
        Math.min(2000, many.length - start),
      );
    }
    const { rows } = await csv(`start=${base}&end=${base + 10_000}&project=bulk`);
    expect(rows.slice(1).map((row) => row[0])).toEqual(many.map((event) => event.id).reverse());
  });

  it('needs the time range like GET /v1/logs', async () => {
    const response = await fetch(`${url}/v1/logs.csv?project=p1`, { headers: { authorization: `Bearer ${OWNER}` } });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/^start is required/);
  });
});
