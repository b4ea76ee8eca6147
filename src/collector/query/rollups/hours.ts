import { ROLLUP_BUCKET_MS } from '../../defaults.js';
import { timeBuckets } from '../../store/rollupSchema.js';

/** The start of the rollup hour `ms` lies in. */
export const bucketOf = (ms: number): number => Math.floor(ms / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS;

/** The hours a range bound cuts through (a bound not on an hour boundary): they need a closer look. */
export function edgeHours(start: number | undefined, end: number | undefined): number[] {
  const cutting = [start, end].filter((bound): bound is number => bound !== undefined && bucketOf(bound) !== bound);
  return [...new Set(cutting.map(bucketOf))];
}

/** The columns of the time buckets (time in tool by state), in the order of `timeBuckets`. */
export const timeCols = timeBuckets.map((b) => `${b}_ms`);

/** One SQL fragment per time bucket column, comma-separated. */
export const timeList = (f: (column: string) => string): string => timeCols.map(f).join(', ');
