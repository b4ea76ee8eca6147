/** The activity log's date filter choices. */
export type DatePreset = 'all' | 'today' | 'week' | 'month' | 'older' | 'custom';

/** Upper bound of open-ended ranges: a day ahead, so events arriving while QA looks still count. */
const AHEAD_MS = 86_400_000;

/**
 * The half-open `[start, end)` range of a preset, in local time (weeks start on Monday);
 * `older` is everything before this month. A custom range takes whole days, `to` included.
 */
export function dateRange(
  preset: DatePreset,
  now: Date,
  custom?: { from: string; to: string },
): { start: number; end: number } {
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const later = now.getTime() + AHEAD_MS;
  switch (preset) {
    case 'today':
      return { start: day.getTime(), end: later };
    case 'week': {
      const monday = new Date(day);
      monday.setDate(day.getDate() - ((day.getDay() + 6) % 7));
      return { start: monday.getTime(), end: later };
    }
    case 'month':
      return { start: new Date(now.getFullYear(), now.getMonth(), 1).getTime(), end: later };
    case 'older':
      return { start: 0, end: new Date(now.getFullYear(), now.getMonth(), 1).getTime() };
    case 'custom': {
      const from = custom?.from ? new Date(`${custom.from}T00:00`).getTime() : 0;
      const to = custom?.to ? new Date(`${custom.to}T00:00`).getTime() + 86_400_000 : later;
      return { start: from, end: to };
    }
    default:
      return { start: 0, end: later };
  }
}
