import { eventTypes, isEventType, type EventType } from '../../events/taxonomy.js';
import { eventDescriptions } from '../../events/eventDescriptions.js';
import { HttpError } from '../http/HttpError.js';
import { timeParam } from './queryParams.js';
import {
  CATEGORY_PROBLEM,
  isCategoryName,
  isKeyText,
  isTypeName,
  KEY_TEXT_PROBLEM,
  TYPE_NAME_PROBLEM,
} from '../../events/limits.js';

/** Every filter the read endpoints accept; lists mean "any of". */
export interface LogFilter {
  start?: number;
  end?: number;
  types?: string[];
  codes?: number[];
  categories?: string[];
  actors?: string[];
  items?: string[];
  workflowStages?: string[];
  labels?: string[];
  labelNames?: string[];
  projects?: string[];
  datasets?: string[];
  jobs?: string[];
  tasks?: string[];
  teams?: string[];
  sessions?: string[];
  q?: string;
}

/** Query parameter name → filter field, for the plain string-list filters. */
const listParams = {
  actor: 'actors',
  item: 'items',
  workflowStage: 'workflowStages',
  label: 'labels',
  labelName: 'labelNames',
  project: 'projects',
  dataset: 'datasets',
  job: 'jobs',
  task: 'tasks',
  team: 'teams',
  session: 'sessions',
} as const satisfies Record<string, keyof LogFilter>;

const codes = new Set(Object.values(eventTypes).flatMap((info) => (info.code === null ? [] : [info.code])));
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Values quoted back in an error message, the list and each value cut short.
const quotedList = (values: readonly string[]): string =>
  values
    .slice(0, 5)
    .map((v) => JSON.stringify(v.length > 64 ? `${v.slice(0, 64)}…` : v))
    .join(', ') + (values.length > 5 ? ', …' : '');

/** All values of a parameter, repeated or comma-separated, blanks dropped. */
export function listParam(params: URLSearchParams, name: string): string[] | undefined {
  const values = params
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  return values.length > 0 ? values : undefined;
}

/**
 * Reads the filters of `GET /v1/logs`, `/v1/logs.csv` and `/v1/stats` from a query string.
 * The time range is half-open, `[start, end)`, so consecutive ranges never count an event twice.
 */
export function parseLogFilter(params: URLSearchParams, rangeRequired: boolean): LogFilter {
  const filter: LogFilter = {};
  const start = timeParam(params, 'start', rangeRequired);
  const end = timeParam(params, 'end', rangeRequired);
  if (start !== undefined) filter.start = start;
  if (end !== undefined) filter.end = end;
  if (start !== undefined && end !== undefined && end < start) {
    throw new HttpError(400, `end (${new Date(end).toISOString()}) is before start (${new Date(start).toISOString()})`);
  }

  // Any well-formed type or category: custom ones are stored as they come, so a filter
  // cannot know them in advance.
  const types = listParam(params, 'type');
  if (types) {
    const bad = types.filter((type) => !isTypeName(type));
    if (bad.length > 0) throw new HttpError(400, `type: ${quotedList(bad)}: every type ${TYPE_NAME_PROBLEM}`);
    filter.types = types;
  }
  const actions = listParam(params, 'action');
  if (actions) {
    filter.codes = actions.map((raw) => {
      // An action may be named by its number (label-log table) or by its event type.
      if (isEventType(raw)) {
        const code = eventTypes[raw].code;
        if (code === null)
          throw new HttpError(400, `action: event type "${raw}" has no action number; use type=${raw}`);
        return code;
      }
      if (isTypeName(raw)) throw new HttpError(400, `action: type "${raw}" has no action number; use type=${raw}`);
      const code = Number(raw);
      if (!/^\d+$/.test(raw) || !codes.has(code)) {
        throw new HttpError(400, `action: "${raw}" is not an action number of the label-log table`);
      }
      return code;
    });
  }
  const wantedCategories = listParam(params, 'category');
  if (wantedCategories) {
    const bad = wantedCategories.filter((category) => !isCategoryName(category));
    if (bad.length > 0) throw new HttpError(400, `category: ${quotedList(bad)}: every category ${CATEGORY_PROBLEM}`);
    filter.categories = wantedCategories;
  }
  for (const [param, field] of Object.entries(listParams)) {
    const values = listParam(params, param);
    // What no event can hold (a NUL, say) matches nothing, and the database could not take it.
    if (values?.some((value) => !isKeyText(value)))
      throw new HttpError(400, `${param}: every value ${KEY_TEXT_PROBLEM}`);
    if (values) filter[field] = values;
  }
  if (filter.sessions?.some((session) => !uuidPattern.test(session))) {
    throw new HttpError(400, 'session: every value must be a UUID');
  }
  const q = params.get('q')?.trim();
  if (q && !isKeyText(q)) throw new HttpError(400, `q ${KEY_TEXT_PROBLEM}`);
  if (q) filter.q = q;
  return filter;
}

/** Event types whose category is one of `wanted`. */
export function typesOfCategories(wanted: readonly string[]): EventType[] {
  return (Object.keys(eventTypes) as EventType[]).filter((type) => wanted.includes(eventTypes[type].category));
}

/** Event types whose name or description contains `q`, ignoring case. */
export function typesMatchingText(q: string): EventType[] {
  const needle = q.toLowerCase();
  return (Object.keys(eventTypes) as EventType[]).filter(
    (type) => type.toLowerCase().includes(needle) || eventDescriptions[type].toLowerCase().includes(needle),
  );
}
