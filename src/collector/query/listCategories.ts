import { eventTypes, isEventType } from '../../events/taxonomy.js';
import { EVENTS_TABLE } from '../defaults.js';
import type { SqlQueryable } from '../SqlClient.js';
import type { LogFilter } from './logFilter.js';
import { SqlParams, whereClause } from './whereClause.js';

/** One category present in the selected events, and how many of them it has. */
export interface CategoryCount {
  readonly category: string;
  readonly events: number;
}

/**
 * The categories of the events a filter selects, with their counts, by name: a category
 * appears once something of it happened, whether its types are built in or custom. One
 * grouped scan of the selection; rows from before the category column get their type's.
 *
 * @example
 * await listCategories(db, { start: 0, end: Date.now() }); // [{ category: 'label', events: 812 }, ...]
 */
export async function listCategories(db: SqlQueryable, filter: LogFilter): Promise<CategoryCount[]> {
  const params = new SqlParams();
  const conditions = whereClause(filter, params);
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const result = await db.query<{ type: string; category: string | null; n: number | string }>(
    `SELECT type, category, count(*) AS n FROM ${EVENTS_TABLE} ${where} GROUP BY type, category`,
    params.values,
  );
  const counts = new Map<string, number>();
  for (const row of result.rows) {
    const category = row.category ?? (isEventType(row.type) ? eventTypes[row.type].category : null);
    if (category !== null) counts.set(category, (counts.get(category) ?? 0) + Number(row.n));
  }
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([category, events]) => ({ category, events }));
}
