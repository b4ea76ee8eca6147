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
  completed_tasks: number | string;
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
