import { ROLLUP_BUCKET_MS } from '../../defaults.js';
import { rollupTables } from '../../store/rollupSchema.js';
import type { SqlParams } from '../whereClause.js';
import type { EdgeFit } from './fitEdges.js';
import { bucketOf, timeList } from './hours.js';

const B = ROLLUP_BUCKET_MS;
const { counts, keys } = rollupTables;

/** The range of a stats query, with the placeholders its bounds already have. */
export interface ParamRange {
  readonly start: number | undefined;
  readonly end: number | undefined;
  readonly startParam: string | undefined;
  readonly endParam: string | undefined;
}

/**
 * The counter rows and distinct keys the rollup tables hold for the range, over the groups of
 * the `g` CTE: every hour but those a bound cuts, which are read from the events instead.
 */
export function storedSources(
  range: ParamRange,
  fits: ReadonlyMap<number, EdgeFit>,
  edges: readonly number[],
  params: SqlParams,
): { counters: string[]; keys: string[] } {
  const { start, end, startParam, endParam } = range;
  const edgesThat = (fit: EdgeFit) => edges.filter((bucket) => fits.get(bucket) === fit);

  // Counter rows inside the range, in hours not cut (rows of such hours are inside or outside).
  const countsWhere = [`c.bucket_ms <> ALL(${params.add(edgesThat('cut'))}::bigint[])`];
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

  const timeColumns = timeList((col) => `c.${col}`);
  const counterSource = `SELECT g.actor_id, c.bucket_ms, c.events, c.tool_ms, c.editing_ms, ${timeColumns},
    c.completed_tasks, c.skipped_tasks, c.c12, c.c13, c.c26, c.c27, c.c33, c.c34, c.email, c.email_ms
    FROM ${counts} c JOIN g ON g.group_id = c.group_id WHERE ${countsWhere.join(' AND ')}`;
  return { counters: [counterSource], keys: keySources };
}
