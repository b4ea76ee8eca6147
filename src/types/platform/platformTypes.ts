import { defineEventTypes } from '../../events/defineEventTypes.js';
import type { CustomEventType, DefinedEventTypes } from '../../events/CustomEventType.js';
import { isKeyText, KEY_TEXT_PROBLEM } from '../../events/limits.js';
import { platformActionTable, type PlatformType } from './platformActionTable.js';

/** The context fields a platform action's subject can be; any other subject is a payload key. */
export const SUBJECT_CONTEXT = new Set(['project', 'dataset', 'item', 'workflowStage']);

// A subject kept in the payload must be there, as an id.
const subjectCheck =
  (key: string) =>
  (payload: Record<string, unknown> | undefined): { field: string; problem: string } | undefined => {
    const value = payload?.[key];
    if (value === undefined) return { field: key, problem: 'is required' };
    return isKeyText(value) ? undefined : { field: key, problem: KEY_TEXT_PROBLEM };
  };

function spec(row: (typeof platformActionTable)[number]): CustomEventType {
  const [, type, kind, , subject, description] = row;
  const category = type.slice(0, type.indexOf('.'));
  return subject && !SUBJECT_CONTEXT.has(subject)
    ? { category, kind, description, payload: subjectCheck(subject) }
    : { category, kind, description };
}

/**
 * Every platform action as a custom type, for `createTrail({ types: platformTypes })`. To
 * add types of your own, define them together: `defineEventTypes({ ...platformTypes, ...mine })`.
 *
 * @example
 * const trail = createTrail({ endpoint: '/v1/logs', actor: { id: 'u-1' }, types: platformTypes });
 * trail.track('dataset.disabled', { context: { project: 'p1', dataset: 'd-7' } });
 */
export const platformTypes: DefinedEventTypes<Record<PlatformType, CustomEventType>> = defineEventTypes(
  Object.fromEntries(platformActionTable.map((row) => [row[1], spec(row)])) as Record<PlatformType, CustomEventType>,
);
