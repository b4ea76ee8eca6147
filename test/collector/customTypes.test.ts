// Custom event types at the collector: stored as they come when well formed, each bad one
// rejected alone with a reason; filters, CSV, stats and GET /v1/categories treat them like
// built-in types.
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { TrailEvent } from '../../src/events/schema.js';
import type { Collector } from '../../src/collector/index.js';
import { encodeOtlp } from '../../src/delivery/formats.js';
import {
  ALICE,
  OWNER,
  clearEvents,
  getJson,
  makeEvent,
  parseCsv,
  postBatch,
  startCollector,
  uuidv7,
} from './helpers.js';

let collector: Collector;
let url: string;

beforeAll(async () => {
  ({ collector, url } = await startCollector());
});
afterAll(() => collector.close());
beforeEach(() => clearEvents(collector));

const T0 = 1_750_000_000_000;

function custom(type: string, overrides: Record<string, unknown> = {}): TrailEvent {
  const time = (overrides.time as number | undefined) ?? T0;
  return {
    id: uuidv7(time),
    type,
    code: null,
    category: type.slice(0, type.indexOf('.')),
    kind: 'create',
    time,
    mono: 1,
    session: '5b0c8a5e-2d6f-4b1e-9a3c-0f1e2d3c4b5a',
    seq: 0,
    actor: { id: 'alice' },
    context: { project: 'p1' },
    ...overrides,
  } as TrailEvent;
}

const range = `start=${T0 - 1000}&end=${T0 + 1000}`;

test('a batch of built-in, custom and malformed custom events stores the good ones, rejects each bad one', async () => {
  const good = [
    makeEvent('label.added', { time: T0 }),
    custom('project.exported', { payload: { format: 'coco' } }),
    custom('model.inference', { kind: 'system', payload: { model: 'm-1' } }),
  ];
  const bad = [
    [{ ...custom('dataset.disabled'), category: undefined }, /^category: is required for a custom type/],
    [{ ...custom('dataset.disabled'), kind: undefined }, /^kind: is required for a custom type/],
    [custom('dataset.disabled', { category: 'Data Set' }), /^category: must be a lower-case word/],
    [custom('dataset.disabled', { kind: 'disabled' }), /^kind: /],
    [custom('dataset.disabled', { code: 40 }), /^code: must be null: custom types take no action number/],
    [custom('Dataset.Disabled'), /^type: must be a dot-style lower-case name/],
    [makeEvent('label.added', { time: T0, category: 'review' }), /^category: must be label for label.added/],
    [custom('dataset.disabled', { payload: { blob: 'x'.repeat(9000) } }), /^payload: is too large/],
  ] as const;
  const response = await postBatch(url, OWNER, [...good, ...bad.map(([event]) => event)]);
  expect(response.status).toBe(200);
  const answer = (await response.json()) as { accepted: number; rejected: { id: string; reason: string }[] };
  expect(answer.accepted).toBe(3);
  expect(answer.rejected.map((r) => r.id)).toEqual(bad.map(([event]) => event.id));
  answer.rejected.forEach((r, i) => expect(r.reason).toMatch(bad[i]![1]));
  const stored = await getJson<{ events: TrailEvent[] }>(url, `/v1/logs?${range}&order=asc`);
  expect(stored.body.events.map((e) => e.id).sort()).toEqual(good.map((e) => e.id).sort());
  expect(stored.body.events.find((e) => e.type === 'project.exported')).toEqual(good[1]);
});

test('OTLP carries category and kind, and a custom event arrives as it was sent', async () => {
  const event = custom('member.added', { payload: { member: 'u-9' } });
  const response = await fetch(`${url}/v1/logs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ALICE}`, 'content-type': 'application/json' },
    body: JSON.stringify(encodeOtlp([event], Date.now(), 'backend', '0.1.0')),
  });
  expect(await response.json()).toEqual({ partialSuccess: { rejectedLogRecords: 0, errorMessage: '' } });
  const stored = await getJson<{ events: TrailEvent[] }>(url, `/v1/logs?${range}`);
  expect(stored.body.events).toEqual([event]);
});

test('filters, CSV and stats treat custom types like built-in ones', async () => {
  await postBatch(url, OWNER, [
    makeEvent('label.added', { time: T0, context: { project: 'p1' } }),
    makeEvent('tag.attached', { time: T0 + 1 }),
    custom('project.exported', { time: T0 + 2 }),
    custom('project.created', { time: T0 + 3, context: { project: 'p2' } }),
    custom('tag.value_set', { time: T0 + 4, category: 'tag', kind: 'update' }),
  ]);
  const types = async (query: string) =>
    (await getJson<{ events: TrailEvent[] }>(url, `/v1/logs?${range}&order=asc&${query}`)).body.events.map(
      (e) => e.type,
    );
  expect(await types('type=project.exported')).toEqual(['project.exported']);
  expect(await types('category=project')).toEqual(['project.exported', 'project.created']);
  // A category shared by built-in and custom types selects both.
  expect(await types('category=tag')).toEqual(['tag.attached', 'tag.value_set']);
  expect(await types('q=EXPORTED')).toEqual(['project.exported']);
  expect(await types('project=p2')).toEqual(['project.created']);
  expect((await getJson(url, `/v1/logs?${range}&type=Project`)).status).toBe(400);
  expect((await getJson(url, `/v1/logs?${range}&category=no%20such`)).status).toBe(400);
  const action = await getJson<{ error: string }>(url, `/v1/logs?${range}&action=project.exported`);
  expect(action.body.error).toMatch(/has no action number; use type=project.exported/);

  const csv = parseCsv(await (await fetch(`${url}/v1/logs.csv?${range}&order=asc`, auth())).text());
  const header = csv[0]!;
  const column = (name: string) => csv.slice(1).map((row) => row[header.indexOf(name)]);
  expect(column('type')).toEqual([
    'label.added',
    'tag.attached',
    'project.exported',
    'project.created',
    'tag.value_set',
  ]);
  expect(column('category')).toEqual(['label', 'tag', 'project', 'project', 'tag']);
  expect(column('action')).toEqual(['0', '', '', '', '']);

  const stats = await getJson<{ overall: { events: number } }>(url, `/v1/stats?${range}`);
  expect(stats.body.overall.events).toBe(5);
  const scanned = await getJson<{ overall: { events: number } }>(url, `/v1/stats?${range}&category=project`);
  expect(scanned.body.overall.events).toBe(2);
});

const auth = (token = OWNER): RequestInit => ({ headers: { authorization: `Bearer ${token}` } });

test('GET /v1/categories lists exactly the categories stored in the range, with counts', async () => {
  await postBatch(url, OWNER, [
    makeEvent('label.added', { time: T0 }),
    makeEvent('label.approved', { time: T0 + 1 }),
    makeEvent('label.rejected', { time: T0 + 2 }),
    custom('project.exported', { time: T0 + 3 }),
    custom('project.created', { time: T0 + 4 }),
    custom('user.login', { time: T0 + 5, kind: 'session' }),
    // Outside the range: never listed.
    custom('workspace.created', { time: T0 + 5000 }),
    makeEvent('video.buffering', { time: T0 - 5000, payload: { durationMs: 5 } }),
  ]);
  const answer = await getJson<{ categories: { category: string; events: number }[] }>(url, `/v1/categories?${range}`);
  expect(answer.status).toBe(200);
  expect(answer.body.categories).toEqual([
    { category: 'label', events: 1 },
    { category: 'project', events: 2 },
    { category: 'review', events: 2 },
    { category: 'user', events: 1 },
  ]);
  // Other filters narrow it like a listing.
  const alone = await getJson(url, `/v1/categories?${range}&type=user.login`);
  expect(alone.body).toEqual({ categories: [{ category: 'user', events: 1 }] });
  const empty = await getJson(url, `/v1/categories?start=0&end=1`);
  expect(empty.body).toEqual({ categories: [] });
  expect((await getJson(url, `/v1/categories`)).status).toBe(400);
  expect((await getJson(url, `/v1/categories?${range}`, ALICE)).status).toBe(403);
  expect((await fetch(`${url}/v1/categories?${range}`)).status).toBe(401);
});

test('rows stored before the category column are listed and filtered by their type’s category', async () => {
  await postBatch(url, OWNER, [makeEvent('label.added', { time: T0 }), custom('project.exported', { time: T0 + 1 })]);
  await collector.db.query(`UPDATE labeltrail_events SET category = NULL WHERE type = 'label.added'`);
  const answer = await getJson(url, `/v1/categories?${range}`);
  expect(answer.body).toEqual({
    categories: [
      { category: 'label', events: 1 },
      { category: 'project', events: 1 },
    ],
  });
  const labels = await getJson<{ events: TrailEvent[] }>(url, `/v1/logs?${range}&category=label`);
  expect(labels.body.events.map((e) => e.type)).toEqual(['label.added']);
});
