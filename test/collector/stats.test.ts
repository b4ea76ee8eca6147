import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrailEvent } from '../../src/events/schema.js';
import type { EventType } from '../../src/events/taxonomy.js';
import type { Collector } from '../../src/collector/index.js';
import { OWNER, getJson, makeEvent, postBatch, startCollector } from './helpers.js';

let collector: Collector;
let url: string;
const T0 = 1_760_000_000_000;
const END = T0 + 3_600_000;
let clock = T0;

function ev(actor: string, type: EventType, item: string, extra: Partial<TrailEvent> = {}): TrailEvent {
  clock += 1000;
  return makeEvent(type, { time: clock, actor: { id: actor }, context: { project: 'p1', item }, ...extra });
}
const duration = (
  actor: string,
  item: string,
  durationMs: number,
  editingMs: number,
  extra: Partial<TrailEvent> = {},
) =>
  ev(actor, 'item.duration', item, {
    payload: { durationMs, seconds: durationMs / 1000, editingMs, touched: editingMs > 0 },
    ...extra,
  });
// Events of these tests carry no buckets (as from a client older than them): all zero.
const NO_BREAKDOWN = { activeMs: 0, stalledMs: 0, idleMs: 0, hiddenMs: 0, blurredMs: 0 };
const added = (actor: string, item: string, label: string) =>
  ev(actor, 'label.added', item, { label: { id: label, name: 'car' } });

beforeAll(async () => {
  ({ collector, url } = await startCollector());
  const events = [
    // alice: 90 s in tool, 50 s editing, 2 tasks, items A and B, labels L1 L2 L3 (L3 added twice).
    duration('alice', 'A', 60_000, 40_000, { actor: { id: 'alice', email: 'alice@example.com' } }),
    duration('alice', 'B', 30_000, 10_000),
    added('alice', 'A', 'L1'),
    added('alice', 'A', 'L2'),
    added('alice', 'B', 'L3'),
    added('alice', 'B', 'L3'),
    ev('alice', 'task.submitted', 'A'),
    ev('alice', 'task.submitted', 'B'),
    // bob: 45 s in tool, 5 s editing, 1 task (submitted twice: still one), 1 skipped, items C and A, labels L4 L5.
    duration('bob', 'C', 45_000, 5_000),
    added('bob', 'C', 'L4'),
    added('bob', 'A', 'L5'),
    ev('bob', 'task.submitted', 'C'),
    ev('bob', 'task.updated', 'C'),
    ev('bob', 'task.skipped', 'D'),
    // rita reviews: labels 3 approved / 1 rejected, classifications 1 / 1, tasks 1 / 2, a status change on D.
    ev('rita', 'label.approved', 'A'),
    ev('rita', 'label.approved', 'A'),
    ev('rita', 'label.rejected', 'B'),
    ev('rita', 'label.approved', 'C'),
    ev('rita', 'classification.rejected', 'A'),
    ev('rita', 'classification.approved', 'B'),
    ev('rita', 'task.approved', 'A'),
    ev('rita', 'task.rejected', 'C'),
    ev('rita', 'task.rejected', 'B'),
    ev('rita', 'item.review_status', 'D', { payload: { status: 'in_review' } }),
    // adam: one label rejection on C, one second in the tool.
    ev('adam', 'label.rejected', 'C'),
    duration('adam', 'A', 1_000, 0),
    // Outside the filters: after the range, and in another project.
    duration('alice', 'A', 99_999, 99_999, { time: END + 10 }),
    duration('bob', 'E', 7_000, 7_000, { context: { project: 'p2', item: 'E' } }),
  ];
  const body = await (await postBatch(url, OWNER, events)).json();
  expect(body).toEqual({ accepted: events.length, duplicates: 0, rejected: [] });
});
afterAll(() => collector.close());

const none = { approved: 0, rejected: 0, approvalRate: null, rejectionRate: null };

describe('GET /v1/stats', () => {
  it('computes per-user and overall figures by the documented definitions', async () => {
    const { status, body } = await getJson(url, `/v1/stats?start=${T0}&end=${END}&project=p1`);
    expect(status).toBe(200);
    expect(body.overall).toEqual({
      events: 26,
      timeInToolMs: 136_000,
      editingMs: 55_000,
      breakdown: NO_BREAKDOWN,
      days: expect.any(Array),
      completedTasks: 3,
      skippedTasks: 1,
      labeledItems: 3,
      labeledObjects: 5,
      reviewedItems: 4,
      labels: { approved: 3, rejected: 2, approvalRate: 0.6, rejectionRate: 0.4 },
      classifications: { approved: 1, rejected: 1, approvalRate: 0.5, rejectionRate: 0.5 },
      tasks: { approved: 1, rejected: 2, approvalRate: 1 / 3, rejectionRate: 2 / 3 },
      combined: { approved: 5, rejected: 5, approvalRate: 0.5, rejectionRate: 0.5 },
    });
    expect(body.users).toEqual([
      {
        actor: 'adam',
        email: null,
        events: 2,
        timeInToolMs: 1_000,
        editingMs: 0,
        breakdown: NO_BREAKDOWN,
        days: expect.any(Array),
        completedTasks: 0,
        skippedTasks: 0,
        labeledItems: 0,
        labeledObjects: 0,
        reviewedItems: 1,
        labels: { approved: 0, rejected: 1, approvalRate: 0, rejectionRate: 1 },
        classifications: none,
        tasks: none,
        combined: { approved: 0, rejected: 1, approvalRate: 0, rejectionRate: 1 },
      },
      {
        actor: 'alice',
        email: 'alice@example.com',
        events: 8,
        timeInToolMs: 90_000,
        editingMs: 50_000,
        breakdown: NO_BREAKDOWN,
        days: expect.any(Array),
        completedTasks: 2,
        skippedTasks: 0,
        labeledItems: 2,
        labeledObjects: 3,
        reviewedItems: 0,
        labels: none,
        classifications: none,
        tasks: none,
        combined: none,
      },
      {
        actor: 'bob',
        email: null,
        events: 6,
        timeInToolMs: 45_000,
        editingMs: 5_000,
        breakdown: NO_BREAKDOWN,
        days: expect.any(Array),
        completedTasks: 1,
        skippedTasks: 1,
        labeledItems: 2,
        labeledObjects: 2,
        reviewedItems: 0,
        labels: none,
        classifications: none,
        tasks: none,
        combined: none,
      },
      {
        actor: 'rita',
        email: null,
        events: 10,
        timeInToolMs: 0,
        editingMs: 0,
        breakdown: NO_BREAKDOWN,
        days: expect.any(Array),
        completedTasks: 0,
        skippedTasks: 0,
        labeledItems: 0,
        labeledObjects: 0,
        reviewedItems: 4,
        labels: { approved: 3, rejected: 1, approvalRate: 0.75, rejectionRate: 0.25 },
        classifications: { approved: 1, rejected: 1, approvalRate: 0.5, rejectionRate: 0.5 },
        tasks: { approved: 1, rejected: 2, approvalRate: 1 / 3, rejectionRate: 2 / 3 },
        combined: { approved: 5, rejected: 4, approvalRate: 5 / 9, rejectionRate: 4 / 9 },
      },
    ]);
  });

  it('applies the project filter and takes the range as optional', async () => {
    const p2 = await getJson(url, '/v1/stats?project=p2');
    expect(p2.body.overall).toMatchObject({ events: 1, timeInToolMs: 7_000, editingMs: 7_000 });
    expect(p2.body.users.map((user: { actor: string }) => user.actor)).toEqual(['bob']);
    const everything = await getJson(url, '/v1/stats');
    expect(everything.body.overall).toMatchObject({ events: 28, timeInToolMs: 136_000 + 99_999 + 7_000 });
  });

  it('answers zeros and null rates for an empty selection', async () => {
    const { body } = await getJson(url, `/v1/stats?start=${END + 1000}&end=${END + 2000}`);
    expect(body).toEqual({
      overall: {
        events: 0,
        timeInToolMs: 0,
        editingMs: 0,
        breakdown: NO_BREAKDOWN,
        days: [],
        completedTasks: 0,
        skippedTasks: 0,
        labeledItems: 0,
        labeledObjects: 0,
        reviewedItems: 0,
        labels: none,
        classifications: none,
        tasks: none,
        combined: none,
      },
      users: [],
    });
  });
});

describe('the breakdown and time in tool per day', () => {
  let own: Collector;
  let ownUrl: string;
  const DAY1 = Date.parse('2026-12-01T10:00:00Z');
  const LATE = Date.parse('2026-12-01T22:30:00Z'); // 00:30 on 2 December at UTC+2
  const bucketed = (time: number, activeMs: number, stalledMs: number, idleMs: number, hiddenMs: number) =>
    makeEvent('item.duration', {
      time,
      actor: { id: 'ann' },
      context: { item: `i-${time}` },
      payload: {
        durationMs: activeMs + stalledMs,
        seconds: (activeMs + stalledMs) / 1000,
        editingMs: 0,
        touched: false,
        activeMs,
        stalledMs,
        idleMs,
        hiddenMs,
        blurredMs: 1_000,
        openMs: activeMs + stalledMs + idleMs + hiddenMs + 1_000,
      },
    });

  beforeAll(async () => {
    ({ collector: own, url: ownUrl } = await startCollector());
    const events = [bucketed(DAY1, 60_000, 5_000, 20_000, 3_000), bucketed(LATE, 30_000, 0, 0, 7_000)];
    expect((await (await postBatch(ownUrl, OWNER, events)).json()).accepted).toBe(2);
  });
  afterAll(() => own.close());

  it('sums each bucket per user and overall, from the rollups and from a scan alike', async () => {
    const breakdown = { activeMs: 90_000, stalledMs: 5_000, idleMs: 20_000, hiddenMs: 10_000, blurredMs: 2_000 };
    for (const query of ['/v1/stats', '/v1/stats?type=item.duration']) {
      const { body } = await getJson(ownUrl, query);
      expect(body.overall).toMatchObject({ timeInToolMs: 95_000, breakdown });
      expect(body.users[0]).toMatchObject({ actor: 'ann', timeInToolMs: 95_000, breakdown });
    }
  });

  it('lists time in tool per day of a whole-hour UTC offset', async () => {
    const at = (tz: string, extra = '') => getJson(ownUrl, `/v1/stats?tz=${encodeURIComponent(tz)}${extra}`);
    const day = (date: string, timeInToolMs: number) => expect.objectContaining({ day: date, timeInToolMs });
    for (const extra of ['', '&type=item.duration']) {
      expect((await at('+02:00', extra)).body.overall.days).toEqual([
        day('2026-12-01', 65_000),
        day('2026-12-02', 30_000),
      ]);
      expect((await at('-05', extra)).body.users[0].days).toEqual([day('2026-12-01', 95_000)]);
      expect((await at('Z', extra)).body.overall.days).toEqual([day('2026-12-01', 95_000)]);
    }
    const [first] = (await at('+02:00')).body.overall.days;
    expect(first).toEqual({
      day: '2026-12-01',
      timeInToolMs: 65_000,
      editingMs: 0,
      activeMs: 60_000,
      stalledMs: 5_000,
      idleMs: 20_000,
      hiddenMs: 3_000,
      blurredMs: 1_000,
    });
  });

  it('refuses a tz that is not a whole-hour offset from -12 to +14', async () => {
    for (const tz of ['+02:30', 'Europe/Berlin', '+15', '2', '-13:00']) {
      const { status, body } = await getJson(ownUrl, `/v1/stats?tz=${encodeURIComponent(tz)}`);
      expect(status).toBe(400);
      expect(body.error).toMatch(/^tz must be/);
    }
  });
});
