/**
 * One row of a stats query: one user's figures, or everyone's (`is_total` 1). Sums and counts
 * arrive as numbers or, for PostgreSQL's numeric and bigint, as strings.
 */
export interface StatsRow {
  actor_id: string | null;
  is_total: number;
  email: string | null;
  events: number | string;
  tool_ms: number | string;
  editing_ms: number | string;
  active_ms: number | string;
  stalled_ms: number | string;
  idle_ms: number | string;
  hidden_ms: number | string;
  blurred_ms: number | string;
  /** Day number (days since the epoch in the asked time zone) of a per-day row; null for the whole range. */
  day?: number | string | null;
  completed_tasks: number | string;
  skipped_tasks: number | string;
  labeled_items: number | string;
  labeled_objects: number | string;
  reviewed_items: number | string;
  c12: number | string;
  c13: number | string;
  c26: number | string;
  c27: number | string;
  c33: number | string;
  c34: number | string;
}

/** A day in milliseconds: per-day figures are whole days of the asked offset. */
export const DAY_MS = 86_400_000;

/** How stats are presented: the UTC offset (a whole number of hours, in ms) whose days `days` lists. */
export interface StatsOptions {
  readonly tzOffsetMs: number;
}
