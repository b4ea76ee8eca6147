import type { LogFilter } from '../logFilter.js';
import type { SqlParams } from '../whereClause.js';

// The scopes a rollup group carries; any other filter needs the events themselves.
const groupFilters = [
  ['actors', 'actor_id'],
  ['projects', 'project'],
  ['datasets', 'dataset'],
  ['teams', 'team'],
] as const;
const answerable = new Set<keyof LogFilter>(['start', 'end', ...groupFilters.map(([field]) => field)]);

/** Whether the rollups can answer the filter: it uses only the time range and a group's scopes. */
export function rollupsAnswer(filter: LogFilter): boolean {
  return Object.entries(filter).every(
    ([field, value]) => value === undefined || answerable.has(field as keyof LogFilter),
  );
}

/** The condition on the scopes of a group (or, by alias, of an event) that a filter asks for. */
export type GroupWhere = (params: SqlParams, alias?: string) => string;

/** The filter's scope lists, each one `= ANY(array)`, ANDed; `true` when there is none. */
export function groupWhere(filter: LogFilter): GroupWhere {
  return (params, alias = 'g') =>
    groupFilters
      .flatMap(([field, column]) =>
        filter[field] ? [`${alias}.${column} = ANY(${params.add(filter[field])}::text[])`] : [],
      )
      .join(' AND ') || 'true';
}
