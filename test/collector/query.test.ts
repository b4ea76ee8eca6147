import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrailEvent } from '../../src/events/schema.js';
import { eventTypes, type EventType } from '../../src/events/taxonomy.js';
import { eventDescriptions } from '../../src/events/eventDescriptions.js';
import type { Collector } from '../../src/collector/index.js';
import { OWNER, getJson, makeEvent, postBatch, startCollector, tokens } from './helpers.js';

let collector: Collector;
let url: string;
const T0 = 1_750_000_000_000;
const END = T0 + 1_000_000;
const events: TrailEvent[] = [];

const types: EventType[] = [
  'label.added',
  'label.edited',
  'label.deleted',
  'label.approved',
  'label.rejected',
  'task.submitted',
  'classification.added',
  'video.buffering',
  'item.opened',
  'figure.created',
  'tag.attached',
  'task.approved',
];
const actors = ['alice', 'bob', 'rita', 'adam', 'olivia'];
const labelNames = ['Car', 'pedestrian', 'Traffic light', 'car_old'];
const sessions = ['5b0c8a5e-2d6f-4b1e-9a3c-0f1e2d3c4b5a', '0c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f'];
const teamOf = (actor: string) => tokens.find((token) => token.user === actor)?.team ?? null;

function build(i: number, time: number): TrailEvent {
  const type = types[i % types.length]!;
  const labelled = type.startsWith('label.') || type === 'classification.added';
  return makeEvent(type, {
    // Every fifth event shares its time with the previous one, so ties are broken by id.
    time,
    seq: i,
    session: sessions[i % 2]!,
    actor: { id: actors[i % actors.length]! },
    context: {
      project: `p${i % 3}`,
      dataset: `d${i % 2}`,
      item: `img-${i % 9}`,
      workflowStage: ['annotate', 'review', 'qa'][i % 3]!,
      job: `j${i % 4}`,
      task: `t${i % 6}`,
      frame: i % 30,
    },
    ...(type === 'video.buffering' ? { payload: { durationMs: 100 + i } } : {}),
    ...(labelled
      ? { label: { id: `L${i % 11}`, name: labelNames[i % labelNames.length]!, feature: `f${i % 4}` } }
      : {}),
  });
}

beforeAll(async () => {
  ({ collector, url } = await startCollector());
  let time = T0;
  for (let i = 0; i < 150; i++) {
    if (i % 5 !== 0) time += 1000 + ((i * 7919) % 5000);
    events.push(build(i, time));
  }
  // Several batches, out of time order, as several tabs would deliver them.
  const shuffled = [...events].sort((a, b) => a.id.localeCompare(b.id) * -1);
  for (let start = 0; start < shuffled.length; start += 40) {
    const response = await postBatch(url, OWNER, shuffled.slice(start, start + 40));
    expect(await response.json()).toEqual({
      accepted: Math.min(40, shuffled.length - start),
      duplicates: 0,
      rejected: [],
    });
  }
});
afterAll(() => collector.close());

type Sort = 'time' | 'action';
function expected(list: TrailEvent[], sort: Sort = 'time', order: 'asc' | 'desc' = 'desc'): string[] {
  const key = (e: TrailEvent): [number, number, string] =>
    sort === 'time' ? [e.time, 0, e.id] : [e.code ?? -1, e.time, e.id];
  const sorted = [...list].sort((a, b) => {
    const [a1, a2, a3] = key(a);
    const [b1, b2, b3] = key(b);
    return a1 - b1 || a2 - b2 || (a3 < b3 ? -1 : a3 > b3 ? 1 : 0);
  });
  return (order === 'asc' ? sorted : sorted.reverse()).map((e) => e.id);
}

/** Follows cursors to the end and returns every id served, in order. */
async function allPages(query: string, limit = 7): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const { status, body }: { status: number; body: { events: TrailEvent[]; nextCursor: string | null } } =
      await getJson(url, `/v1/logs?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.events.length).toBeLessThanOrEqual(limit);
    ids.push(...body.events.map((event: TrailEvent) => event.id));
    cursor = body.nextCursor;
    expect(++pages).toBeLessThan(200);
  } while (cursor);
  return ids;
}

const range = `start=${T0}&end=${END}`;

describe('GET /v1/logs filters', () => {
  const cases: [string, string, (e: TrailEvent) => boolean][] = [
    ['one type', 'type=label.added', (e) => e.type === 'label.added'],
    [
      'types repeated',
      'type=label.added&type=video.buffering',
      (e) => ['label.added', 'video.buffering'].includes(e.type),
    ],
    ['action numbers, comma list', 'action=12,13', (e) => e.code === 12 || e.code === 13],
    ['action by type name', 'action=task.submitted', (e) => e.code === 11],
    [
      'category list',
      'category=review,video',
      (e) => ['review', 'video'].includes(eventTypes[e.type as EventType].category),
    ],
    ['actor', 'actor=bob', (e) => e.actor.id === 'bob'],
    ['actor list', 'actor=bob,rita', (e) => ['bob', 'rita'].includes(e.actor.id)],
    ['item (data unit)', 'item=img-4', (e) => e.context.item === 'img-4'],
    ['item list', 'item=img-4&item=img-5', (e) => ['img-4', 'img-5'].includes(e.context.item!)],
    ['workflow stage', 'workflowStage=review', (e) => e.context.workflowStage === 'review'],
    ['workflow stage list', 'workflowStage=review,qa', (e) => ['review', 'qa'].includes(e.context.workflowStage!)],
    ['label instance', 'label=L3', (e) => e.label?.id === 'L3'],
    ['label instances', 'label=L3,L4', (e) => ['L3', 'L4'].includes(e.label?.id ?? '')],
    ['label name history', 'labelName=Traffic%20light', (e) => e.label?.name === 'Traffic light'],
    ['label names', 'labelName=Car&labelName=pedestrian', (e) => ['Car', 'pedestrian'].includes(e.label?.name ?? '')],
    ['project', 'project=p1', (e) => e.context.project === 'p1'],
    ['project list', 'project=p1,p2', (e) => ['p1', 'p2'].includes(e.context.project!)],
    ['dataset', 'dataset=d0', (e) => e.context.dataset === 'd0'],
    ['job list', 'job=j0,j3', (e) => ['j0', 'j3'].includes(e.context.job!)],
    ['task', 'task=t5', (e) => e.context.task === 't5'],
    ['team (from the actor’s token)', 'team=red', (e) => teamOf(e.actor.id) === 'red'],
    ['team list', 'team=blue,ops', (e) => ['blue', 'ops'].includes(teamOf(e.actor.id) ?? '')],
    ['session', `session=${sessions[1]}`, (e) => e.session === sessions[1]],
    [
      'q over label names, any case',
      'q=car',
      (e) =>
        /car/i.test(e.label?.name ?? '') || /car/i.test(e.type) || /car/i.test(eventDescriptions[e.type as EventType]),
    ],
    [
      'q over descriptions',
      'q=buffering%20icon',
      (e) => eventDescriptions[e.type as EventType].toLowerCase().includes('buffering icon'),
    ],
    ['q over type names', 'q=tag.att', (e) => e.type.includes('tag.att')],
    ['q with LIKE wildcards taken literally', 'q=car_', (e) => (e.label?.name ?? '').toLowerCase().includes('car_')],
    [
      'filters combine with AND',
      'actor=alice,bob&type=label.added,label.edited&project=p0,p1',
      (e) =>
        ['alice', 'bob'].includes(e.actor.id) &&
        ['label.added', 'label.edited'].includes(e.type) &&
        ['p0', 'p1'].includes(e.context.project!),
    ],
  ];

  for (const [name, query, predicate] of cases) {
    it(`filters by ${name}`, async () => {
      const want = expected(events.filter(predicate));
      expect(want.length).toBeGreaterThan(0);
      expect(want.length).toBeLessThan(events.length);
      expect(await allPages(`${range}&${query}`, 50)).toEqual(want);
    });
  }

  it('treats the time range as half-open [start, end)', async () => {
    const start = events[20]!.time;
    const end = events[60]!.time;
    const want = expected(events.filter((e) => e.time >= start && e.time < end));
    expect(await allPages(`start=${start}&end=${end}`, 100)).toEqual(want);
    const iso = await allPages(`start=${new Date(start).toISOString()}&end=${new Date(end).toISOString()}`, 100);
    expect(iso).toEqual(want);
  });
});

describe('GET /v1/logs sorting and cursors', () => {
  for (const sort of ['time', 'action'] as const) {
    for (const order of ['asc', 'desc'] as const) {
      it(`sorts by ${sort} ${order} across pages`, async () => {
        expect(await allPages(`${range}&sort=${sort}&order=${order}`)).toEqual(expected(events, sort, order));
      });
    }
  }

  it('sorts newest first by default', async () => {
    const { body } = await getJson(url, `/v1/logs?${range}&limit=3`);
    expect(body.events.map((e: TrailEvent) => e.id)).toEqual(expected(events).slice(0, 3));
  });

  it('keeps pages stable while new events arrive between fetches', async () => {
    const arrivalTypes: EventType[] = [
      'label.added',
      'task.submitted',
      'item.opened',
      'label.approved',
      'figure.created',
    ];
    const arrived: TrailEvent[] = [];
    for (const [sort, order] of [
      ['time', 'desc'],
      ['action', 'asc'],
    ] as const) {
      const visible = [...events, ...arrived];
      const before = await collectorCount();
      expect(before).toBe(visible.length);
      const ids: string[] = [];
      let cursor: string | null = null;
      let round = arrived.length;
      do {
        const page: { body: { events: TrailEvent[]; nextCursor: string | null } } = await getJson(
          url,
          `/v1/logs?${range}&sort=${sort}&order=${order}&limit=10${cursor ? `&cursor=${cursor}` : ''}`,
        );
        ids.push(...page.body.events.map((e) => e.id));
        cursor = page.body.nextCursor;
        // New arrivals after every page: newer than all, older than all, and in the middle
        // of the range, i.e. before and after the cursor position in both sort orders.
        const arrivals = [END - 1, T0, events[75]!.time, events[5]!.time].map((time, i) =>
          makeEvent(arrivalTypes[(round + i) % arrivalTypes.length]!, {
            time,
            actor: { id: 'alice' },
            context: { project: 'late' },
          }),
        );
        round++;
        arrived.push(...arrivals);
        expect((await (await postBatch(url, OWNER, arrivals)).json()).accepted).toBe(4);
      } while (cursor);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expected(visible, sort, order));
      // A fresh listing sees the arrivals.
      expect(await allPages(`${range}&sort=${sort}&order=${order}`, 100)).toEqual(
        expected([...events, ...arrived], sort, order),
      );
    }
  });

  it('refuses a cursor replayed with other filters, a damaged cursor, and bad parameters', async () => {
    const { body } = await getJson(url, `/v1/logs?${range}&actor=alice&limit=2`);
    expect(body.nextCursor).toEqual(expect.any(String));
    const replay = await getJson(url, `/v1/logs?${range}&actor=bob&limit=2&cursor=${body.nextCursor}`);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toMatch(/^cursor: .*other filters/);
    expect((await getJson(url, `/v1/logs?${range}&cursor=garbage`)).body.error).toMatch(/^cursor: /);
    const bad: [string, RegExp][] = [
      [`end=${END}`, /^start is required/],
      [`start=${T0}`, /^end is required/],
      [`start=yesterday&end=${END}`, /^start must be epoch milliseconds or an ISO 8601/],
      [`start=${END}&end=${T0}`, /^end .* is before start/],
      [`${range}&limit=0`, /^limit must be an integer from 1 to 1000/],
      [`${range}&limit=5000`, /^limit must be an integer/],
      [`${range}&sort=name`, /^sort must be "time" or "action"/],
      [`${range}&order=up`, /^order must be "asc" or "desc"/],
      // Any well-formed type or category may be stored (custom types): only malformed ones are refused.
      [`${range}&type=Label.Exploded`, /^type: "Label.Exploded": every type must be a dot-style lower-case name/],
      [`${range}&action=5`, /^action: "5" is not an action number/],
      [`${range}&category=Weather%20Report`, /^category: "Weather Report": every category must be a lower-case word/],
    ];
    for (const [query, message] of bad) {
      const { status, body: error } = await getJson(url, `/v1/logs?${query}`);
      expect(status, query).toBe(400);
      expect(error.error, query).toMatch(message);
    }
  });
});

async function collectorCount(): Promise<number> {
  const result = await collector.db.query<{ n: number }>('SELECT count(*)::int AS n FROM labeltrail_events');
  return result.rows[0]!.n;
}
