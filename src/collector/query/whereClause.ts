import type { LogFilter } from './logFilter.js';
import { typesMatchingText, typesOfCategories } from './logFilter.js';

/** Collects positional parameters and hands out their `$n` placeholders. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

// LIKE treats % and _ as wildcards and backslash as the escape character (PostgreSQL default).
function likeLiteral(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

const columnLists = [
  ['actors', 'actor_id'],
  ['items', 'item'],
  ['workflowStages', 'workflow_stage'],
  ['labels', 'label_id'],
  ['labelNames', 'label_name'],
  ['projects', 'project'],
  ['datasets', 'dataset'],
  ['jobs', 'job'],
  ['tasks', 'task'],
  ['teams', 'team'],
] as const;

/** The SQL conditions of a filter, ANDed; each list is one `= ANY(array)` so it stays index-friendly. */
export function whereClause(filter: LogFilter, params: SqlParams): string[] {
  const conditions: string[] = [];
  if (filter.start !== undefined) conditions.push(`time_ms >= ${params.add(filter.start)}`);
  if (filter.end !== undefined) conditions.push(`time_ms < ${params.add(filter.end)}`);
  if (filter.types) conditions.push(`type = ANY(${params.add(filter.types)}::text[])`);
  // Same expression as the action index, so an action filter is an index range, not a scan.
  if (filter.codes) conditions.push(`coalesce(code, -1) = ANY(${params.add(filter.codes)}::int[])`);
  // Built-in types by name (rows from before the category column have none), custom ones by
  // their stored category.
  if (filter.categories) {
    const types = params.add(typesOfCategories(filter.categories));
    conditions.push(`(type = ANY(${types}::text[]) OR category = ANY(${params.add(filter.categories)}::text[]))`);
  }
  for (const [field, column] of columnLists) {
    const values = filter[field];
    if (values) conditions.push(`${column} = ANY(${params.add(values)}::text[])`);
  }
  if (filter.sessions) conditions.push(`session = ANY(${params.add(filter.sessions)}::uuid[])`);
  if (filter.q !== undefined) {
    // Descriptions live in the taxonomy, not in rows: match them here and filter by type.
    // Custom types have no description here: their name is matched in the rows.
    const described = params.add(typesMatchingText(filter.q));
    const like = params.add(likeLiteral(filter.q));
    conditions.push(`(type = ANY(${described}::text[]) OR label_name ILIKE ${like} OR type ILIKE ${like})`);
  }
  return conditions;
}
