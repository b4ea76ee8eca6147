import { rollupTables, rollupKinds } from '../../store/rollupSchema.js';
import { latestEmail } from '../../store/latestEmail.js';
import { DAY_MS } from '../StatsRow.js';
import { timeList } from './hours.js';

const { groups } = rollupTables;

/** The pieces of a stats query from the rollups, each already with its placeholders. */
export interface RollupStatsParts {
  /** The condition on the selected groups (the `g` CTE). */
  readonly groupWhere: string;
  /** The `raw` CTE of the events of cut hours, with its leading comma; empty when none. */
  readonly rawCte: string;
  /** Rows of counters: actor, time, events, time in tool, time buckets, task and review counts, email. */
  readonly counters: readonly string[];
  /** Rows of distinct keys: actor, kind, key. */
  readonly keys: readonly string[];
  /** Placeholder of the time zone offset, in ms, of the per-day figures. */
  readonly tz: string;
}

/**
 * The stats query over counter and key rows: totals per actor and overall, each also per day
 * of the asked time zone, and the distinct counts per actor and overall.
 */
export function rollupStatsSql(parts: RollupStatsParts): string {
  return `WITH g AS (SELECT group_id, actor_id FROM ${groups} g WHERE ${parts.groupWhere})${parts.rawCte},
counted (actor_id, at_ms, events, tool_ms, editing_ms, ${timeList((c) => c)},
  completed_tasks, skipped_tasks, c12, c13, c26, c27, c33, c34, email, email_ms) AS (
  ${parts.counters.join('\n  UNION ALL\n  ')}
), dated AS (
  -- Days in the asked time zone: an hour lies wholly in one day of a whole-hour offset.
  SELECT *, floor((at_ms + ${parts.tz}::bigint)::double precision / ${DAY_MS}) AS day FROM counted
), keyed (actor_id, kind, key) AS (
  ${parts.keys.join('\n  UNION ALL\n  ')}
), totals AS (
  SELECT actor_id, grouping(actor_id) AS is_total, day,
    ${latestEmail('email_ms', 'email')} AS email,
    coalesce(sum(events), 0) AS events, coalesce(sum(tool_ms), 0) AS tool_ms,
    coalesce(sum(editing_ms), 0) AS editing_ms,
    ${timeList((c) => `coalesce(sum(${c}), 0) AS ${c}`)},
    coalesce(sum(completed_tasks), 0) AS completed_tasks, coalesce(sum(skipped_tasks), 0) AS skipped_tasks,
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
}
