import type { SqlQueryable } from '../../SqlClient.js';
import { rollupTables } from '../../store/rollupSchema.js';
import type { LogFilter } from '../logFilter.js';
import { SqlParams } from '../whereClause.js';
import type { GroupWhere } from './groupWhere.js';

const { groups, counts } = rollupTables;

/** How an hour cut by a range bound meets the range (see `fitEdges`). */
export type EdgeFit = 'cut' | 'inside' | 'outside' | 'mixed';

/**
 * How each hour that a range bound cuts through meets the range, over the selected groups:
 * `cut` when some group has events on both sides of the bound (the hour must be read from
 * the events), else `inside`, `outside`, or `mixed` (some groups wholly in, some wholly out).
 */
export async function fitEdges(
  tx: SqlQueryable,
  filter: LogFilter,
  edges: readonly number[],
  groupWhere: GroupWhere,
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
