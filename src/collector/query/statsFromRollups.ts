import { EVENTS_TABLE, ROLLUP_BUCKET_MS, STATS_WORK_MEM } from '../defaults.js';
import type { SqlClient, SqlQueryable } from '../SqlClient.js';
import type { LogFilter } from './logFilter.js';
import { reviewTypes } from '../store/reviewTypes.js';
import { latestEmail } from '../store/latestEmail.js';
import { bucketValues, rollupKinds, rollupTables, timeBuckets } from '../store/rollupSchema.js';
import { DAY_MS, type StatsOptions } from './StatsRow.js';
import type { StatsRow } from './StatsRow.js';
import { SqlParams } from './whereClause.js';

const B = ROLLUP_BUCKET_MS;
const { groups, counts, keys } = rollupTables;

// The scopes a rollup group carries; any other filter needs the events themselves.
const groupFilters = [
  ['actors', 'actor_id'],
  ['projects', 'project'],
  ['datasets', 'dataset'],
  ['teams', 'team'],
] as const;
const answerable = new Set<keyof LogFilter>(['start', 'end', ...groupFilters.map(([field]) => field)]);

const bucketOf = (ms: number) => Math.floor(ms / B) * B;
const timeCols = timeBuckets.map((b) => `${b}_ms`);
const timeList = (f: (column: string) => string) => timeCols.map(f).join(', ');

type EdgeFit = 'cut' | 'inside' | 'outside' | 'mixed';

/**
 * How each hour that a range bound cuts through meets the range, over the selected groups:
 * `cut` when some group has events on both sides of the bound (the hour must be read from
 * the events), else `inside`, `outside`, or `mixed` (some groups wholly in, some wholly out).
 */
async function fitEdges(
  tx: SqlQueryable,
  filter: LogFilter,
  edges: readonly number[],
  groupWhere: (params: SqlParams) => string,
): Promise<Map<number, EdgeFit>> {
  const fits = new Map<number, EdgeFit>();
  if (edges.length === 0) return fits;
  const params = new SqlParams();
  const inside: string[] = [];
  const overlaps: string[] = [];
  if (filter.start !== undefined) {
    const start = params.add(filter.start);
    inside.push(`c.first_ms >= ${start}`);
    overlaps.push(`c.last_ms >= ${start}`);
  }
  if (filter.end !== undefined) {
    const end = params.add(filter.end);
    inside.push(`c.last_ms < ${end}`);
    overlaps.push(`c.first_ms < ${end}`);
  }
  const result = await tx.query<{
    bucket_ms: number | string;
    cut: boolean;
    some_inside: boolean;
    some_outside: boolean;
  }>(
    `SELECT c.bucket_ms,
  bool_or((${overlaps.join(' AND ')}) AND NOT (${inside.join(' AND ')})) AS cut,
  bool_or(${inside.join(' AND ')}) AS some_inside,
  bool_or(NOT (${overlaps.join(' AND ')})) AS some_outside
FROM ${counts} c JOIN ${groups} g ON g.group_id = c.group_id
WHERE c.bucket_ms = ANY(${params.add(edges)}::bigint[]) AND ${groupWhere(params)}
GROUP BY c.bucket_ms`,
    params.values,
  );
  for (const edge of edges) fits.set(edge, 'outside');
  for (const row of result.rows) {
    fits.set(
      Number(row.bucket_ms),
      row.cut ? 'cut' : !row.some_inside ? 'outside' : row.some_outside ? 'mixed' : 'inside',
    );
  }
  return fits;
}

/**
 * Stats from the rollups, exact and without reading the selected events: counters are summed
 * per hour and group, distinct counts count the stored distinct keys. Returns undefined when
 * the filter uses anything but the time range, actors, projects, datasets and teams.
 *
 * A range bound inside an hour is exact too: an hour counts whole when every summarised
 * group of it lies wholly inside or outside the range (each group keeps its first and last
 * event time), and an hour that the bound cuts through is read from the events instead.
 */
export async function statsFromRollups(
  db: SqlClient,
  filter: LogFilter,
  options: StatsOptions,
): Promise<StatsRow[] | undefined> {
  for (const [field, value] of Object.entries(filter)) {
    if (value !== undefined && !answerable.has(field as keyof LogFilter)) return undefined;
  }
  const { start, end } = filter;
  const groupWhere = (params: SqlParams, alias = 'g') =>
    groupFilters
      .flatMap(([field, column]) =>
        filter[field] ? [`${alias}.${column} = ANY(${params.add(filter[field])}::text[])`] : [],
      )
      .join(' AND ') || 'true';
  // Bounds not on an hour boundary cut their hour: those hours need a closer look.
  const edges = [
    ...new Set(
      [start, end].filter((bound): bound is number => bound !== undefined && bucketOf(bound) !== bound).map(bucketOf),
    ),
  ];

  return db.transaction(async (tx) => {
    // Same reason as the scan: the distinct counts sort, and would spill at 4 MB.
    await tx.query(`SET LOCAL work_mem = '${STATS_WORK_MEM}'`);
    const fits = await fitEdges(tx, filter, edges, groupWhere);
    const edgesThat = (fit: EdgeFit) => edges.filter((bucket) => fits.get(bucket) === fit);
    const cut = edgesThat('cut');
    const params = new SqlParams();
    const tz = params.add(options.tzOffsetMs);
    const startParam = start === undefined ? undefined : params.add(start);
    const endParam = end === undefined ? undefined : params.add(end);

    // Counter rows inside the range, in hours not cut (rows of such hours are inside or outside).
    const countsWhere = [`c.bucket_ms <> ALL(${params.add(cut)}::bigint[])`];
    if (start !== undefined)
      countsWhere.push(`c.bucket_ms >= ${params.add(bucketOf(start))}`, `c.first_ms >= ${startParam}`);
    if (end !== undefined) countsWhere.push(`c.bucket_ms < ${endParam}`, `c.last_ms < ${endParam}`);

    // Keys of the hours wholly inside the range, edge hours whose groups all lie inside
    // included, need no check: one contiguous range of hours.
    const keysWhere: string[] = [];
    if (start !== undefined) {
      const from = fits.get(bucketOf(start)) === 'inside' ? bucketOf(start) : Math.ceil(start / B) * B;
      keysWhere.push(`k.bucket_ms >= ${params.add(from)}`);
    }
    if (end !== undefined) {
      const to = fits.get(bucketOf(end)) === 'inside' ? bucketOf(end) + B : bucketOf(end);
      keysWhere.push(`k.bucket_ms < ${params.add(to)}`);
    }
    const keySources = [
      `SELECT g.actor_id, k.kind, k.key FROM ${keys} k JOIN g ON g.group_id = k.group_id
    ${keysWhere.length > 0 ? `WHERE ${keysWhere.join(' AND ')}` : ''}`,
    ];
    // Keys of an edge hour with groups on both sides count when their group's row is inside.
    const mixed = edgesThat('mixed');
    if (mixed.length > 0) {
      const inside = [`c.bucket_ms = ANY(${params.add(mixed)}::bigint[])`];
      if (start !== undefined) inside.push(`c.first_ms >= ${startParam}`);
      if (end !== undefined) inside.push(`c.last_ms < ${endParam}`);
      keySources.push(`SELECT g.actor_id, k.kind, k.key FROM ${counts} c
    JOIN g ON g.group_id = c.group_id
    JOIN ${keys} k ON k.bucket_ms = c.bucket_ms AND k.group_id = c.group_id
    WHERE ${inside.join(' AND ')}`);
    }

    // Hours cut by a bound: their events in the range, read from the events table.
    const counterSources = [
      `SELECT g.actor_id, c.bucket_ms, c.events, c.tool_ms, c.editing_ms, ${timeList((col) => `c.${col}`)},
    c.completed_tasks, c.c12, c.c13, c.c26, c.c27, c.c33, c.c34, c.email, c.email_ms
    FROM ${counts} c JOIN g ON g.group_id = c.group_id WHERE ${countsWhere.join(' AND ')}`,
    ];
    let rawCte = '';
    if (cut.length > 0) {
      const ranges = cut.map((bucket) => {
        const from = Math.max(bucket, start ?? bucket);
        const to = Math.min(bucket + B, end ?? bucket + B);
        return `(time_ms >= ${params.add(from)} AND time_ms < ${params.add(to)})`;
      });
      rawCte = `, raw AS MATERIALIZED (
  SELECT actor_id, time_ms, type, code, actor_email, item, label_id, tool_ms, editing_ms,
    ${bucketValues('e')
      .map((sql, i) => `${sql} AS ${timeCols[i]}`)
      .join(', ')}
  FROM ${EVENTS_TABLE} e
  WHERE (${ranges.join(' OR ')}) AND ${groupWhere(params, 'e')}
)`;
      counterSources.push(`SELECT actor_id, time_ms, 1, coalesce(tool_ms, 0), coalesce(editing_ms, 0),
    ${timeList((col) => `coalesce(${col}, 0)`)}, (type = 'task.submitted')::int,
    (code = 12)::int, (code = 13)::int, (code = 26)::int, (code = 27)::int, (code = 33)::int, (code = 34)::int,
    actor_email, CASE WHEN actor_email IS NOT NULL THEN time_ms END
    FROM raw`);
      const review = params.add(reviewTypes);
      keySources.push(
        `SELECT actor_id, ${rollupKinds.labeledItem}::smallint, item FROM raw
    WHERE type = 'label.added' AND item IS NOT NULL`,
        `SELECT actor_id, ${rollupKinds.labeledObject}::smallint, label_id FROM raw
    WHERE type = 'label.added' AND label_id IS NOT NULL`,
        `SELECT actor_id, ${rollupKinds.reviewedItem}::smallint, item FROM raw
    WHERE type = ANY(${review}::text[]) AND item IS NOT NULL`,
      );
    }

    const sql = `WITH g AS (SELECT group_id, actor_id FROM ${groups} g WHERE ${groupWhere(params)})${rawCte},
counted (actor_id, at_ms, events, tool_ms, editing_ms, ${timeList((c) => c)},
  completed_tasks, c12, c13, c26, c27, c33, c34, email, email_ms) AS (
  ${counterSources.join('\n  UNION ALL\n  ')}
), dated AS (
  -- Days in the asked time zone: an hour lies wholly in one day of a whole-hour offset.
  SELECT *, floor((at_ms + ${tz}::bigint)::double precision / ${DAY_MS}) AS day FROM counted
), keyed (actor_id, kind, key) AS (
  ${keySources.join('\n  UNION ALL\n  ')}
), totals AS (
  SELECT actor_id, grouping(actor_id) AS is_total, day,
    ${latestEmail('email_ms', 'email')} AS email,
    coalesce(sum(events), 0) AS events, coalesce(sum(tool_ms), 0) AS tool_ms,
    coalesce(sum(editing_ms), 0) AS editing_ms,
    ${timeList((c) => `coalesce(sum(${c}), 0) AS ${c}`)},
    coalesce(sum(completed_tasks), 0) AS completed_tasks,
    coalesce(sum(c12), 0) AS c12, coalesce(sum(c13), 0) AS c13, coalesce(sum(c26), 0) AS c26,
    coalesce(sum(c27), 0) AS c27, coalesce(sum(c33), 0) AS c33, coalesce(sum(c34), 0) AS c34
  FROM dated GROUP BY GROUPING SETS ((actor_id), (), (actor_id, day), (day))
), distinct_keys AS (
  SELECT actor_id, grouping(actor_id) AS is_total,
    count(DISTINCT key) FILTER (WHERE kind = ${rollupKinds.labeledItem}) AS labeled_items,
    count(DISTINCT key) FILTER (WHERE kind = ${rollupKinds.labeledObject}) AS labeled_objects,
    count(DISTINCT key) FILTER (WHERE kind = ${rollupKinds.reviewedItem}) AS reviewed_items
  FROM keyed GROUP BY GROUPING SETS ((actor_id), ())
)
SELECT t.*, coalesce(d.labeled_items, 0) AS labeled_items, coalesce(d.labeled_objects, 0) AS labeled_objects,
  coalesce(d.reviewed_items, 0) AS reviewed_items
FROM totals t LEFT JOIN distinct_keys d
  ON t.day IS NULL AND d.is_total = t.is_total AND d.actor_id IS NOT DISTINCT FROM t.actor_id`;
    const result = await tx.query<StatsRow>(sql, params.values);
    return result.rows;
  });
}
