import { EVENTS_TABLE, ROLLUP_BUCKET_MS } from '../../defaults.js';
import { reviewTypes } from '../../store/reviewTypes.js';
import { bucketValues, rollupKinds } from '../../store/rollupSchema.js';
import type { SqlParams } from '../whereClause.js';
import type { GroupWhere } from './groupWhere.js';
import { timeCols, timeList } from './hours.js';

const B = ROLLUP_BUCKET_MS;

/**
 * The counter rows and distinct keys of the hours a range bound cuts through, read from the
 * events of the range in those hours (the `raw` CTE, declared by `cte`). Nothing when no hour
 * is cut.
 */
export function cutSources(
  cut: readonly number[],
  start: number | undefined,
  end: number | undefined,
  groupWhere: GroupWhere,
  params: SqlParams,
): { cte: string; counters: string[]; keys: string[] } {
  if (cut.length === 0) return { cte: '', counters: [], keys: [] };
  const ranges = cut.map((bucket) => {
    const from = Math.max(bucket, start ?? bucket);
    const to = Math.min(bucket + B, end ?? bucket + B);
    return `(time_ms >= ${params.add(from)} AND time_ms < ${params.add(to)})`;
  });
  const cte = `, raw AS MATERIALIZED (
  SELECT actor_id, time_ms, type, code, actor_email, item, label_id, tool_ms, editing_ms,
    ${bucketValues('e')
      .map((sql, i) => `${sql} AS ${timeCols[i]}`)
      .join(', ')}
  FROM ${EVENTS_TABLE} e
  WHERE (${ranges.join(' OR ')}) AND ${groupWhere(params, 'e')}
)`;
  const counter = `SELECT actor_id, time_ms, 1, coalesce(tool_ms, 0), coalesce(editing_ms, 0),
    ${timeList((col) => `coalesce(${col}, 0)`)}, (type = 'task.submitted')::int, (type = 'task.skipped')::int,
    (code = 12)::int, (code = 13)::int, (code = 26)::int, (code = 27)::int, (code = 33)::int, (code = 34)::int,
    actor_email, CASE WHEN actor_email IS NOT NULL THEN time_ms END
    FROM raw`;
  const review = params.add(reviewTypes);
  const keys = [
    `SELECT actor_id, ${rollupKinds.labeledItem}::smallint, item FROM raw
    WHERE type = 'label.added' AND item IS NOT NULL`,
    `SELECT actor_id, ${rollupKinds.labeledObject}::smallint, label_id FROM raw
    WHERE type = 'label.added' AND label_id IS NOT NULL`,
    `SELECT actor_id, ${rollupKinds.reviewedItem}::smallint, item FROM raw
    WHERE type = ANY(${review}::text[]) AND item IS NOT NULL`,
  ];
  return { cte, counters: [counter], keys };
}
