// Stats come from rollups kept beside the events; these tests hold them to a direct scan of
// the stored rows, computed here in plain code, over random data and many filters: exact
// figures, duplicates never counted twice, deletes and updates reflected, and a database
// from before the rollups upgraded on open.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector, type Collector, type StatsReport } from '../../src/collector/index.js';
import { ROLLUP_BUCKET_MS } from '../../src/collector/defaults.js';
import { openPglite } from '../../src/collector/store/openPglite.js';
import { reviewTypes } from '../../src/collector/store/reviewTypes.js';
import { statsFromRollups } from '../../src/collector/query/statsFromRollups.js';
import { rollupVersion } from '../../src/collector/store/rollupSchema.js';
import { storeSchema } from '../../src/collector/store/storeSchema.js';
import type { SqlClient } from '../../src/collector/SqlClient.js';
import type { TrailEvent } from '../../src/events/schema.js';
import type { EventType } from '../../src/events/taxonomy.js';
import { OWNER, getJson, makeEvent, postBatch, tokens } from './helpers.js';

const HOUR = ROLLUP_BUCKET_MS;
// Not on an hour: the data starts and ends inside hours, as real data does.
const T0 = 1_760_000_000_000 - (1_760_000_000_000 % HOUR) + 1_234;
const SPAN = 5 * HOUR;

function prng(seed: number): () => number {
  // mulberry32: small, seeded, good enough to spread the cases.
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const actors = ['alice', 'bob', 'rita', 'adam', 'zoe']; // zoe has no token, so no team
const projects = ['p1', 'p2', 'p3', undefined];
const datasets = ['d1', 'd2', undefined];
const types: EventType[] = [
  'label.added',
  'label.added',
  'label.added',
  'label.edited',
  'label.approved',
  'label.rejected',
  'classification.approved',
  'classification.rejected',
  'task.approved',
  'task.rejected',
  'task.submitted',
  'task.skipped',
  'task.updated',
  'consensus.reached',
  'item.review_status',
  'item.duration',
  'item.duration',
  'item.opened',
];

/** Random valid events; times distinct, a few exactly on an hour or just before one. */
function randomEvents(count: number, seed: number): TrailEvent[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const used = new Set<number>();
  const events: TrailEvent[] = [];
  for (let i = 0; i < count; i++) {
    let time: number;
    do {
      const r = random();
      const hour = T0 - (T0 % HOUR) + HOUR * (1 + Math.floor(random() * 4));
      time = r < 0.03 ? hour : r < 0.06 ? hour - 1 : T0 + Math.floor(random() * SPAN);
    } while (used.has(time));
    used.add(time);
    const type = pick(types);
    const actor = pick(actors);
    const project = pick(projects);
    const dataset = pick(datasets);
    const item = random() < 0.9 ? `item-${Math.floor(random() * 80)}` : undefined;
    const context = { ...(project ? { project } : {}), ...(dataset ? { dataset } : {}), ...(item ? { item } : {}) };
    const extra: Partial<TrailEvent> = {};
    if (type === 'label.added' || type === 'label.edited') {
      // A small pool, so the same label id comes up again, by other actors and in other hours.
      extra.label = random() < 0.95 ? { id: `L${Math.floor(random() * 700)}`, name: 'car' } : { name: 'car' };
    }
    if (type === 'item.duration') {
      const [activeMs, stalledMs, idleMs, hiddenMs, blurredMs] = [6e4, 5e3, 9e4, 9e4, 3e4].map((max) =>
        Math.floor(random() * max),
      ) as [number, number, number, number, number];
      const durationMs = activeMs + stalledMs;
      const editingMs = Math.floor(random() * durationMs);
      const buckets = { activeMs, stalledMs, idleMs, hiddenMs, blurredMs };
      // Some events from clients older than the buckets: they carry none.
      extra.payload = { durationMs, seconds: durationMs / 1000, editingMs, touched: editingMs > 0 };
      if (random() < 0.8) Object.assign(extra.payload, buckets, { openMs: durationMs + idleMs + hiddenMs + blurredMs });
    }
    if (type === 'item.review_status') extra.payload = { status: 'in_review' };
    // alice's address changes during the data: the latest one seen in a range is hers there.
    const email =
      actor === 'alice' && random() < 0.5
        ? time < T0 + SPAN / 2
          ? 'alice@old.example.com'
          : 'alice@example.com'
        : undefined;
    events.push(
      makeEvent(type, { time, seq: i, actor: email ? { id: actor, email } : { id: actor }, context, ...extra }),
    );
  }
  return events;
}

interface Filter {
  start?: number;
  end?: number;
  actors?: string[];
  projects?: string[];
  datasets?: string[];
  teams?: string[];
  types?: string[];
  items?: string[];
}

interface Row {
  actor_id: string;
  actor_email: string | null;
  time_ms: number;
  type: string;
  code: number | null;
  project: string | null;
  dataset: string | null;
  team: string | null;
  item: string | null;
  label_id: string | null;
  tool_ms: number | null;
  editing_ms: number | null;
  event: string;
}

async function storedRows(db: SqlClient): Promise<Row[]> {
  const result = await db.query<Row>(
    `SELECT actor_id, actor_email, time_ms::float8 AS time_ms, type, code, project, dataset, team, item, label_id,
       tool_ms, editing_ms, event
     FROM labeltrail_events`,
  );
  return result.rows;
}

const review = new Set<string>(reviewTypes);

function rates(approved: number, rejected: number) {
  const total = approved + rejected;
  return {
    approved,
    rejected,
    approvalRate: total === 0 ? null : approved / total,
    rejectionRate: total === 0 ? null : rejected / total,
  };
}

const BUCKET_NAMES = ['activeMs', 'stalledMs', 'idleMs', 'hiddenMs', 'blurredMs'] as const;
const DAY = 86_400_000;

function breakdown(rows: readonly Row[]) {
  const sum = (name: string) =>
    rows.reduce((total, row) => {
      const value = row.type === 'item.duration' ? JSON.parse(row.event).payload?.[name] : undefined;
      return total + (typeof value === 'number' ? value : 0);
    }, 0);
  return Object.fromEntries(BUCKET_NAMES.map((name) => [name, sum(name)])) as Record<
    (typeof BUCKET_NAMES)[number],
    number
  >;
}

/** Per UTC day with events: time in tool, editing and the breakdown, by event time. */
function daysOf(rows: readonly Row[]) {
  const byDay = new Map<number, Row[]>();
  for (const row of rows) {
    const day = Math.floor(row.time_ms / DAY);
    byDay.set(day, [...(byDay.get(day) ?? []), row]);
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => a - b)
    .map(([day, own]) => ({
      day: new Date(day * DAY).toISOString().slice(0, 10),
      timeInToolMs: own.reduce((sum, row) => sum + (row.tool_ms ?? 0), 0),
      editingMs: own.reduce((sum, row) => sum + (row.editing_ms ?? 0), 0),
      ...breakdown(own),
    }));
}

function figures(rows: readonly Row[]) {
  const count = (test: (row: Row) => boolean) => rows.filter(test).length;
  const distinct = (test: (row: Row) => boolean, key: (row: Row) => string | null) =>
    new Set(
      rows
        .filter(test)
        .map(key)
        .filter((value) => value !== null),
    ).size;
  const code = (n: number) => count((row) => row.code === n);
  return {
    events: rows.length,
    timeInToolMs: rows.reduce((sum, row) => sum + (row.tool_ms ?? 0), 0),
    editingMs: rows.reduce((sum, row) => sum + (row.editing_ms ?? 0), 0),
    breakdown: breakdown(rows),
    days: daysOf(rows),
    completedTasks: count((row) => row.type === 'task.submitted'),
    skippedTasks: count((row) => row.type === 'task.skipped'),
    labeledItems: distinct(
      (row) => row.type === 'label.added',
      (row) => row.item,
    ),
    labeledObjects: distinct(
      (row) => row.type === 'label.added',
      (row) => row.label_id,
    ),
    reviewedItems: distinct(
      (row) => review.has(row.type),
      (row) => row.item,
    ),
    labels: rates(code(12), code(13)),
    classifications: rates(code(26), code(27)),
    tasks: rates(code(33), code(34)),
    combined: rates(code(12) + code(26) + code(33), code(13) + code(27) + code(34)),
  };
}

/** The stats answer computed straight from the stored rows, by the documented definitions. */
function scan(rows: readonly Row[], filter: Filter): StatsReport {
  const within = (list: string[] | undefined, value: string | null) =>
    !list || (value !== null && list.includes(value));
  const selected = rows.filter(
    (row) =>
      (filter.start === undefined || row.time_ms >= filter.start) &&
      (filter.end === undefined || row.time_ms < filter.end) &&
      within(filter.actors, row.actor_id) &&
      within(filter.projects, row.project) &&
      within(filter.datasets, row.dataset) &&
      within(filter.teams, row.team) &&
      within(filter.types, row.type) &&
      within(filter.items, row.item),
  );
  const byActor = new Map<string, Row[]>();
  for (const row of selected) byActor.set(row.actor_id, [...(byActor.get(row.actor_id) ?? []), row]);
  const users = [...byActor.entries()]
    .map(([actor, own]) => {
      // The latest address by event time; at equal times the greatest (the byte order of the C collation).
      const withEmail = own
        .filter((row) => row.actor_email !== null)
        .sort(
          (a, b) =>
            b.time_ms - a.time_ms || (a.actor_email! < b.actor_email! ? 1 : a.actor_email! > b.actor_email! ? -1 : 0),
        );
      return { actor, email: withEmail[0]?.actor_email ?? null, ...figures(own) };
    })
    .sort((a, b) => a.actor.localeCompare(b.actor));
  return { overall: figures(selected), users };
}

function query(filter: Filter): string {
  const params = new URLSearchParams();
  if (filter.start !== undefined) params.set('start', String(filter.start));
  if (filter.end !== undefined) params.set('end', String(filter.end));
  const lists = {
    actor: filter.actors,
    project: filter.projects,
    dataset: filter.datasets,
    team: filter.teams,
    type: filter.types,
    item: filter.items,
  };
  for (const [name, values] of Object.entries(lists)) if (values) params.set(name, values.join(','));
  return `/v1/stats?${params}`;
}

/** Time filters worth trying: hour boundaries, just beside stored event times, and anywhere. */
function randomFilters(rows: readonly Row[], count: number, seed: number): Filter[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const firstHour = T0 - (T0 % HOUR);
  const point = () => {
    const r = random();
    if (r < 0.3) return firstHour + HOUR * Math.floor(random() * 7);
    if (r < 0.7) return pick(rows).time_ms + pick([-1, 0, 1]);
    return T0 - HOUR + Math.floor(random() * (SPAN + 2 * HOUR));
  };
  const filters: Filter[] = [];
  for (let i = 0; i < count; i++) {
    const filter: Filter = {};
    const bounds = [point(), point()].sort((a, b) => a - b) as [number, number];
    const r = random();
    if (r < 0.7) [filter.start, filter.end] = bounds;
    else if (r < 0.8) filter.start = bounds[0];
    else if (r < 0.9) filter.end = bounds[1];
    if (random() < 0.3) filter.actors = actors.filter(() => random() < 0.5);
    if (random() < 0.3) filter.projects = ['p1', 'p2', 'p3', 'p9'].filter(() => random() < 0.5);
    if (random() < 0.15) filter.datasets = [pick(['d1', 'd2'])];
    if (random() < 0.15) filter.teams = [pick(['red', 'blue', 'ops'])];
    for (const key of ['actors', 'projects'] as const) if (filter[key]?.length === 0) delete filter[key];
    filters.push(filter);
  }
  return filters;
}

async function expectExact(collector: Collector, url: string, filters: readonly Filter[]): Promise<void> {
  const rows = await storedRows(collector.db);
  for (const filter of filters) {
    const { status, body } = await getJson<StatsReport>(url, query(filter));
    expect(status).toBe(200);
    expect({ filter, ...body }).toEqual({ filter, ...scan(rows, filter) });
  }
}

describe('stats from rollups', () => {
  let collector: Collector;
  let url: string;
  let events: TrailEvent[];

  beforeAll(async () => {
    collector = await createCollector({ tokens });
    ({ url } = await collector.listen({ port: 0 }));
    events = randomEvents(2_400, 7);
    for (let at = 0; at < events.length; at += 300) {
      const response = await postBatch(url, OWNER, events.slice(at, at + 300));
      expect((await response.json()).accepted).toBe(300);
    }
  });
  afterAll(() => collector.close());

  it('answers every filter it covers from the rollups, equal to a direct scan', async () => {
    const rows = await storedRows(collector.db);
    const filters = [{}, { start: T0, end: T0 + SPAN }, ...randomFilters(rows, 150, 11)];
    for (const filter of filters) expect(await statsFromRollups(collector.db, filter, { tzOffsetMs: 0 })).toBeDefined();
    await expectExact(collector, url, filters);
  });

  it('answers the other filters by a scan, equally exact', async () => {
    expect(await statsFromRollups(collector.db, { types: ['label.added'] }, { tzOffsetMs: 0 })).toBeUndefined();
    await expectExact(collector, url, [
      { types: ['label.added', 'label.approved'] },
      { items: ['item-3', 'item-4'], start: T0 + HOUR / 3, end: T0 + 3 * HOUR },
      { types: ['item.duration'], actors: ['alice'] },
    ]);
  });

  it('does not count a resent event again, whether resent alone, in a mixed batch or twice in one batch', async () => {
    const before = (await getJson<StatsReport>(url, '/v1/stats')).body;
    const resent = await postBatch(url, OWNER, events.slice(0, 300));
    expect(await resent.json()).toMatchObject({ accepted: 0, duplicates: 300 });
    // A resend that differs (another actor, another label) is still the stored event.
    const altered = events
      .slice(300, 310)
      .map((event) => ({ ...event, actor: { id: 'mallory' }, label: { id: 'L-new' } }));
    expect(await (await postBatch(url, OWNER, altered)).json()).toMatchObject({ accepted: 0, duplicates: 10 });
    expect((await getJson<StatsReport>(url, '/v1/stats')).body).toEqual(before);

    const fresh = randomEvents(40, 99).map((event) => ({ ...event, time: event.time + 1 }));
    const mixed = [...fresh.slice(0, 20), ...events.slice(500, 520), ...fresh.slice(20), fresh[0]!, fresh[1]!];
    expect(await (await postBatch(url, OWNER, mixed)).json()).toMatchObject({ accepted: 40, duplicates: 22 });
    const rows = await storedRows(collector.db);
    expect(rows).toHaveLength(events.length + 40);
    await expectExact(collector, url, [{}, ...randomFilters(rows, 40, 23)]);
  });

  it('picks the same latest e-mail from rollups and from a scan when two events share a time', async () => {
    const time = T0 + 2 * HOUR + 17;
    const tied = ['b@example.com', 'c@example.com', 'a@example.com'].map((email, seq) =>
      makeEvent('item.opened', { time, seq, actor: { id: 'tia', email }, context: { project: 'p1' } }),
    );
    // Sent one by one, in an order that is neither sorted nor reversed.
    for (const event of tied) expect((await (await postBatch(url, OWNER, [event])).json()).accepted).toBe(1);
    for (const path of ['/v1/stats?actor=tia', '/v1/stats?actor=tia&type=item.opened']) {
      const { body } = await getJson<StatsReport>(url, path);
      expect(body.users).toMatchObject([{ actor: 'tia', email: 'c@example.com', events: 3 }]);
    }
    await expectExact(collector, url, [{}, { actors: ['tia'] }, { start: time, end: time + 1 }]);
  });

  it('stays exact after deletes (retention) and updates of stored events', async () => {
    const cutoff = T0 + Math.floor(SPAN / 3);
    await collector.db.query('DELETE FROM labeltrail_events WHERE time_ms < $1', [cutoff]);
    await collector.db.query(
      `DELETE FROM labeltrail_events WHERE actor_id = 'bob' AND type = 'label.added' AND time_ms < $1`,
      [cutoff + HOUR],
    );
    const kept = await storedRows(collector.db);
    expect(kept.every((row) => row.time_ms >= cutoff)).toBe(true);
    await expectExact(collector, url, [{}, ...randomFilters(kept, 40, 29)]);

    // Only the last hour's rows change, so the other hours show whether the deletes alone held.
    const lastHour = T0 - (T0 % HOUR) + 4 * HOUR;
    await collector.db.query(
      `UPDATE labeltrail_events SET actor_id = 'zoe', project = 'p9' WHERE actor_id = 'rita' AND time_ms >= $1`,
      [lastHour],
    );
    const rows = await storedRows(collector.db);
    expect(rows.some((row) => row.project === 'p9')).toBe(true);
    await expectExact(collector, url, [{}, { projects: ['p9'] }, ...randomFilters(rows, 40, 31)]);
  });
});

describe('a database from before the rollups', () => {
  it('gets them built from its events when a collector opens it', async () => {
    // The events table as the earlier collector created and filled it: no rollups, no triggers.
    const pglite = await PGlite.create();
    for (const statement of storeSchema) await pglite.query(statement);
    const events = randomEvents(600, 5);
    for (const event of events) {
      await pglite.query(
        `INSERT INTO labeltrail_events (id, type, code, time_ms, received_ms, actor_id, actor_email, session, project,
           dataset,
           item, label_id, label_name, tool_ms, editing_ms, event)
         VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [
          event.id,
          event.type,
          event.code,
          event.time,
          event.actor.id,
          event.actor.email ?? null,
          event.session,
          event.context.project ?? null,
          event.context.dataset ?? null,
          event.context.item ?? null,
          event.label?.id ?? null,
          event.label?.name ?? null,
          event.type === 'item.duration' ? event.payload?.['durationMs'] : null,
          event.type === 'item.duration' ? event.payload?.['editingMs'] : null,
          JSON.stringify(event),
        ],
      );
    }
    const db: SqlClient = {
      query: async (sql, params) => {
        const result = await pglite.query(sql, params);
        return result.affectedRows === undefined
          ? { rows: result.rows as never[] }
          : { rows: result.rows as never[], affectedRows: result.affectedRows };
      },
      transaction: (fn) =>
        pglite.transaction((tx) =>
          fn({ query: async (sql, params) => ({ rows: (await tx.query(sql, params)).rows as never[] }) }),
        ),
      close: () => pglite.close(),
    };
    const collector = await createCollector({ tokens, db });
    try {
      const { url } = await collector.listen({ port: 0 });
      const rows = await storedRows(db);
      expect(rows).toHaveLength(600);
      await expectExact(collector, url, [{}, ...randomFilters(rows, 40, 3)]);
      // New events after the upgrade add to the rebuilt rollups.
      const more = randomEvents(200, 6).map((event) => ({ ...event, time: event.time + 2 }));
      expect((await (await postBatch(url, OWNER, more)).json()).accepted).toBe(200);
      await expectExact(collector, url, [{}, ...randomFilters(await storedRows(db), 40, 4)]);
    } finally {
      await collector.close();
    }
  });

  it('rebuilds the rollups of a database of the previous definition, which then count skipped tasks', async () => {
    const pglite = await openPglite(undefined);
    const first = await createCollector({ tokens, db: { ...pglite, close: () => Promise.resolve() } });
    const { url } = await first.listen({ port: 0 });
    const skip = (seq: number) =>
      makeEvent('task.skipped', { seq, actor: { id: 'ann' }, context: { item: `t${seq}` } });
    await postBatch(url, OWNER, [skip(1), skip(2), makeEvent('task.submitted', { seq: 3, actor: { id: 'ann' } })]);
    await first.close();
    // What the previous definition stored: no skipped_tasks column, its own version string.
    await pglite.query('ALTER TABLE labeltrail_stats_counts DROP COLUMN skipped_tasks');
    await pglite.query(`UPDATE labeltrail_stats_meta SET value = $1 WHERE name = 'rollups'`, [
      rollupVersion.replace(';tasks=submitted,skipped', ''),
    ]);
    const second = await createCollector({ tokens, db: pglite });
    try {
      const sums = await pglite.query(
        'SELECT sum(skipped_tasks)::int AS skipped, sum(completed_tasks)::int AS completed ' +
          'FROM labeltrail_stats_counts',
      );
      expect(sums.rows).toEqual([{ skipped: 2, completed: 1 }]);
    } finally {
      await second.close();
    }
  });

  it('keeps rollups across close and reopen without rebuilding them', async () => {
    const pglite = await openPglite(undefined);
    const first = await createCollector({ tokens, db: { ...pglite, close: () => Promise.resolve() } });
    const { url } = await first.listen({ port: 0 });
    await postBatch(url, OWNER, randomEvents(100, 8));
    await first.close();
    const counts = await pglite.query('SELECT count(*)::int AS n FROM labeltrail_stats_counts');
    // A rebuild would empty and refill; a marker row shows whether it ran.
    await pglite.query(`INSERT INTO labeltrail_stats_counts SELECT bucket_ms + 1, group_id, first_ms, last_ms, events,
      tool_ms,
      editing_ms, completed_tasks, c12, c13, c26, c27, c33, c34, email, email_ms FROM labeltrail_stats_counts LIMIT 1`);
    const second = await createCollector({ tokens, db: pglite });
    try {
      expect((await pglite.query('SELECT count(*)::int AS n FROM labeltrail_stats_counts')).rows).toEqual([
        { n: Number(counts.rows[0]!['n']) + 1 },
      ]);
    } finally {
      await second.close();
    }
  });
});
