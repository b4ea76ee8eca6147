import type { CustomEventTypes, DefinedEventTypes } from './CustomEventType.js';
import { checkEventTypes } from './lib/checkEventTypes.js';
import { ENTRIES } from './lib/definedTypes.js';

/**
 * Defines custom event types once, checked now (a TrailConfigError names the type and
 * field of the first problem), for `createTrail({ types })`. The names stay in the type, so
 * `track()` of a misspelt one does not compile. From `labeltrail/types`: the checks stay out
 * of the browser core of trails that have no custom types.
 *
 * @example
 * const types = defineEventTypes({
 *   'project.exported': {
 *     category: 'project',
 *     kind: 'create',
 *     description: 'Project exported',
 *     payload: (p?: { format?: string }) =>
 *       p?.format === undefined || ['coco', 'yolo'].includes(p.format)
 *         ? undefined
 *         : { field: 'format', problem: 'must be coco or yolo' },
 *   },
 * });
 * const trail = createTrail({ endpoint: '/v1/logs', actor: { id: 'u-1' }, types });
 * trail.track('project.exported', { context: { project: 'p1' }, payload: { format: 'coco' } });
 */
export function defineEventTypes<const T extends CustomEventTypes>(types: T): DefinedEventTypes<T> {
  const entries = checkEventTypes(types);
  const defined = Object.defineProperty({ ...types }, ENTRIES, { value: entries });
  return Object.freeze(defined) as DefinedEventTypes<T>;
}
