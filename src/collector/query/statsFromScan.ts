import { EVENTS_TABLE, STATS_WORK_MEM } from '../defaults.js';
import type { SqlClient } from '../SqlClient.js';
import type { LogFilter } from './logFilter.js';
import { reviewTypes } from '../store/reviewTypes.js';
import { latestEmail } from '../store/latestEmail.js';
import { bucketValues, timeBuckets } from '../store/rollupSchema.js';
import { DAY_MS, type StatsOptions, type StatsRow } from './StatsRow.js';
import { SqlParams, whereClause } from './whereClause.js';

/**
 * Stats straight from the events, for any filter, in one scan of the selected rows: GROUPING
 * SETS computes per-user and overall figures together, and the overall distinct counts are
 * true distinct counts, not sums of per-user ones.
 */
export async function statsFromScan(db: SqlClient, filter: LogFilter, options: StatsOptions): Promise<StatsRow[]> {
  const params = new SqlParams();
  const conditions = whereClause(filter, params);
  const review = params.add(reviewTypes);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const buckets = bucketValues('e')
    .map((sql, i) => `coalesce(sum(${sql}), 0) AS ${timeBuckets[i]}_ms`)
    .join(',\n  ');
  const sql = `SELECT actor_id, grouping(actor_id) AS is_total,
  ${latestEmail('time_ms', 'actor_email')} AS email,
  count(*) AS events,
  coalesce(sum(tool_ms), 0) AS tool_ms,
  coalesce(sum(editing_ms), 0) AS editing_ms,
  ${buckets},
  count(*) FILTER (WHERE type = 'task.submitted') AS completed_tasks,
  count(*) FILTER (WHERE type = 'task.skipped') AS skipped_tasks,
  count(DISTINCT item) FILTER (WHERE type = 'label.added') AS labeled_items,
  count(DISTINCT label_id) FILTER (WHERE type = 'label.added') AS labeled_objects,
  count(DISTINCT item) FILTER (WHERE type = ANY(${review}::text[])) AS reviewed_items,
  count(*) FILTER (WHERE code = 12) AS c12,
  count(*) FILTER (WHERE code = 13) AS c13,
  count(*) FILTER (WHERE code = 26) AS c26,
  count(*) FILTER (WHERE code = 27) AS c27,
  count(*) FILTER (WHERE code = 33) AS c33,
  count(*) FILTER (WHERE code = 34) AS c34
FROM ${EVENTS_TABLE} e
${where}
GROUP BY GROUPING SETS ((actor_id), ())`;
  // Per day of the asked offset, the same sums (every day with events, as the rollups list them).
  const dayParams = new SqlParams();
  const dayConditions = whereClause(filter, dayParams);
  const dayWhere = dayConditions.length > 0 ? `WHERE ${dayConditions.join(' AND ')}` : '';
  const tz = dayParams.add(options.tzOffsetMs);
  const daily = `SELECT actor_id, grouping(actor_id) AS is_total, day,
  coalesce(sum(tool_ms), 0) AS tool_ms, coalesce(sum(editing_ms), 0) AS editing_ms,
  ${buckets}
FROM (SELECT *, floor((time_ms + ${tz}::bigint)::double precision / ${DAY_MS}) AS day
  FROM ${EVENTS_TABLE} ${dayWhere}) e
GROUP BY GROUPING SETS ((actor_id, day), (day))`;
  const result = await db.transaction(async (tx) => {
    // The distinct counts sort in memory; at the default 4 MB they spill to disk, which
    // made stats over a million rows four times slower. LOCAL keeps it to this query.
    await tx.query(`SET LOCAL work_mem = '${STATS_WORK_MEM}'`);
    const all = await tx.query<StatsRow>(sql, params.values);
    const days = await tx.query<StatsRow>(daily, dayParams.values);
    return [...all.rows, ...days.rows];
  });
  return result;
}
