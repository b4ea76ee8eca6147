import type { SqlClient } from '../SqlClient.js';
import type { LogFilter } from './logFilter.js';
import { statsFromRollups } from './statsFromRollups.js';
import { statsFromScan } from './statsFromScan.js';
import { DAY_MS, type StatsOptions, type StatsRow } from './StatsRow.js';

/** Approvals and rejections of one kind of review, with approved / (approved + rejected). */
export interface ReviewRates {
  readonly approved: number;
  readonly rejected: number;
  /** approved / (approved + rejected); null when nothing was reviewed (not 0: there is no rate). */
  readonly approvalRate: number | null;
  /** rejected / (approved + rejected); null when nothing was reviewed. */
  readonly rejectionRate: number | null;
}

/**
 * Where the open time of items went (sums of the `item.duration` payload's buckets): counted
 * is active + stalled (= time in tool for events that carry the buckets).
 */
export interface TimeBreakdown {
  readonly activeMs: number;
  readonly stalledMs: number;
  readonly idleMs: number;
  readonly hiddenMs: number;
  readonly blurredMs: number;
}

/** Time in tool on one day of the asked offset (`tz`), by the time of each event. */
export interface DayStats extends TimeBreakdown {
  /** The local date, `YYYY-MM-DD`. */
  readonly day: string;
  readonly timeInToolMs: number;
  readonly editingMs: number;
}

/** The activity figures of one user, or of everyone together. */
export interface ActivityStats {
  readonly events: number;
  /** Sum of `item.duration` payload `durationMs`: time in the labeling tool. */
  readonly timeInToolMs: number;
  /** Sum of `item.duration` payload `editingMs`: time spent actually editing. */
  readonly editingMs: number;
  /** Where the open time went: active, stalled, idle, hidden, blurred. */
  readonly breakdown: TimeBreakdown;
  /** Time in tool per day (days with events only), oldest first. */
  readonly days: DayStats[];
  /** Number of `task.submitted` events (action 11); a re-submit (`task.updated`) is not another. */
  readonly completedTasks: number;
  /** Number of `task.skipped` events: tasks left without submitting. */
  readonly skippedTasks: number;
  /** Distinct data units (context.item) with at least one `label.added`. */
  readonly labeledItems: number;
  /** Distinct label instances (label.id) added. */
  readonly labeledObjects: number;
  /** Distinct data units with at least one review decision (see `reviewTypes`). */
  readonly reviewedItems: number;
  /** Label approvals/rejections, actions 12/13: the rate of the label-log tutorial. */
  readonly labels: ReviewRates;
  /** Classification/attribute approvals/rejections, actions 26/27. */
  readonly classifications: ReviewRates;
  /** Task approvals/rejections, actions 33/34. */
  readonly tasks: ReviewRates;
  /** All of the above together: 12+26+33 approved, 13+27+34 rejected. */
  readonly combined: ReviewRates;
}

/** One user's figures; `email` is the latest address seen on their events (the greatest of several at that time). */
export interface UserStats extends ActivityStats {
  readonly actor: string;
  readonly email: string | null;
}

/** `GET /v1/stats` answer. */
export interface StatsReport {
  readonly overall: ActivityStats;
  readonly users: UserStats[];
}

function rates(approved: number, rejected: number): ReviewRates {
  const total = approved + rejected;
  return {
    approved,
    rejected,
    approvalRate: total === 0 ? null : approved / total,
    rejectionRate: total === 0 ? null : rejected / total,
  };
}

const n = (value: number | string) => Number(value);

function breakdownOf(row: StatsRow): TimeBreakdown {
  return {
    activeMs: n(row.active_ms),
    stalledMs: n(row.stalled_ms),
    idleMs: n(row.idle_ms),
    hiddenMs: n(row.hidden_ms),
    blurredMs: n(row.blurred_ms),
  };
}

function toDay(row: StatsRow): DayStats {
  const day = new Date(Number(row.day) * DAY_MS).toISOString().slice(0, 10);
  return { day, timeInToolMs: n(row.tool_ms), editingMs: n(row.editing_ms), ...breakdownOf(row) };
}

function toStats(row: StatsRow, days: DayStats[]): ActivityStats {
  const [c12, c13, c26, c27, c33, c34] = [row.c12, row.c13, row.c26, row.c27, row.c33, row.c34].map(n) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return {
    events: n(row.events),
    timeInToolMs: n(row.tool_ms),
    editingMs: n(row.editing_ms),
    breakdown: breakdownOf(row),
    days,
    completedTasks: n(row.completed_tasks),
    skippedTasks: n(row.skipped_tasks),
    labeledItems: n(row.labeled_items),
    labeledObjects: n(row.labeled_objects),
    reviewedItems: n(row.reviewed_items),
    labels: rates(c12, c13),
    classifications: rates(c26, c27),
    tasks: rates(c33, c34),
    combined: rates(c12 + c26 + c33, c13 + c27 + c34),
  };
}

const emptyRow: StatsRow = {
  actor_id: null,
  is_total: 1,
  email: null,
  events: 0,
  tool_ms: 0,
  editing_ms: 0,
  active_ms: 0,
  stalled_ms: 0,
  idle_ms: 0,
  hidden_ms: 0,
  blurred_ms: 0,
  completed_tasks: 0,
  skipped_tasks: 0,
  labeled_items: 0,
  labeled_objects: 0,
  reviewed_items: 0,
  c12: 0,
  c13: 0,
  c26: 0,
  c27: 0,
  c33: 0,
  c34: 0,
};

/**
 * Per-user and overall figures for a filter. The rollups answer the filters they cover
 * (time range, actors, projects, datasets, teams) without reading the events; any other
 * filter is answered by a scan of the selected events. Both are exact.
 */
export async function computeStats(
  db: SqlClient,
  filter: LogFilter,
  options: StatsOptions = { tzOffsetMs: 0 },
): Promise<StatsReport> {
  const rows = (await statsFromRollups(db, filter, options)) ?? (await statsFromScan(db, filter, options));
  const isDay = (row: StatsRow) => row.day !== null && row.day !== undefined;
  const daysOf = (actor: string | null) =>
    rows
      .filter((row) => isDay(row) && (actor === null ? Number(row.is_total) === 1 : row.actor_id === actor))
      .filter((row) => Number(row.is_total) === (actor === null ? 1 : 0))
      .sort((a, b) => Number(a.day) - Number(b.day))
      .map(toDay);
  const whole = rows.filter((row) => !isDay(row));
  // With no rows at all the empty grouping set still yields one total row, but be explicit.
  const totalRow = whole.find((row) => Number(row.is_total) === 1) ?? emptyRow;
  const users = whole
    .filter((row) => Number(row.is_total) === 0)
    .map((row) => ({ actor: String(row.actor_id), email: row.email, ...toStats(row, daysOf(row.actor_id)) }))
    .sort((a, b) => a.actor.localeCompare(b.actor));
  return { overall: toStats(totalRow, daysOf(null)), users };
}
