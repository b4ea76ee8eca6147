import { STATS_WORK_MEM } from '../defaults.js';
import type { SqlClient } from '../SqlClient.js';
import type { LogFilter } from './logFilter.js';
import { cutSources } from './rollups/cutSources.js';
import { fitEdges } from './rollups/fitEdges.js';
import { groupWhere, rollupsAnswer } from './rollups/groupWhere.js';
import { edgeHours } from './rollups/hours.js';
import { rollupStatsSql } from './rollups/rollupStatsSql.js';
import { storedSources } from './rollups/storedSources.js';
import type { StatsOptions, StatsRow } from './StatsRow.js';
import { SqlParams } from './whereClause.js';

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
  if (!rollupsAnswer(filter)) return undefined;
  const { start, end } = filter;
  const groups = groupWhere(filter);
  const edges = edgeHours(start, end);

  return db.transaction(async (tx) => {
    // Same reason as the scan: the distinct counts sort, and would spill at 4 MB.
    await tx.query(`SET LOCAL work_mem = '${STATS_WORK_MEM}'`);
    const fits = await fitEdges(tx, filter, edges, groups);
    const params = new SqlParams();
    const tz = params.add(options.tzOffsetMs);
    const startParam = start === undefined ? undefined : params.add(start);
    const endParam = end === undefined ? undefined : params.add(end);
    const stored = storedSources({ start, end, startParam, endParam }, fits, edges, params);
    const cut = edges.filter((bucket) => fits.get(bucket) === 'cut');
    const raw = cutSources(cut, start, end, groups, params);
    const sql = rollupStatsSql({
      groupWhere: groups(params),
      rawCte: raw.cte,
      counters: [...stored.counters, ...raw.counters],
      keys: [...stored.keys, ...raw.keys],
      tz,
    });
    const result = await tx.query<StatsRow>(sql, params.values);
    return result.rows;
  });
}
