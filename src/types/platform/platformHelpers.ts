import type { TrailEvent } from '../../events/schema.js';
import type { TrackFields } from '../../events/Tracker.js';
import type { EventType } from '../../events/taxonomy.js';
import { platformActionTable, type PlatformType } from './platformActionTable.js';
import { SUBJECT_CONTEXT } from './platformTypes.js';

type Row = (typeof platformActionTable)[number];

/** A helper whose argument is its subject's id (a project, a model, a member, ...). */
export type SubjectHelper = (subject: string, fields?: TrackFields) => TrailEvent | undefined;
/** A helper of an action without a subject of its own (login, logout, a backup of the context). */
export type PlainHelper = (fields?: TrackFields) => TrailEvent | undefined;

type Group<G extends string> = {
  readonly [R in Row as R[1] extends `${G}.${string}` ? R[3] : never]: R[4] extends '' ? PlainHelper : SubjectHelper;
};
type GroupName = Row[1] extends `${infer G}.${string}` ? G : never;

/** The platform's helpers by subject, plus `tag`, whose actions are built-in types. */
export type PlatformHelpers = { readonly [G in GroupName]: Group<G> } & {
  readonly tag: { readonly attach: SubjectHelper; readonly updateValue: SubjectHelper; readonly detach: SubjectHelper };
};

/** What the helpers need of a trail: one that knows the platform types (browser or Node). */
export interface PlatformTracker {
  track(type: PlatformType | EventType, fields?: TrackFields): TrailEvent | undefined;
}

// The subject goes where its row says: a context field, else a payload key.
function placed(subject: string | undefined, where: string, fields: TrackFields | undefined): TrackFields {
  if (subject === undefined || where === '') return fields ?? {};
  if (SUBJECT_CONTEXT.has(where)) return { ...fields, context: { ...fields?.context, [where]: subject } };
  return { ...fields, payload: { ...fields?.payload, [where]: subject } };
}

/**
 * Typed helpers for every platform action: `platform.project.create('p1')`,
 * `platform.model.infer('m-3', { payload: { items: 40 } })`, `platform.user.login()`. Each
 * returns the accepted event, or undefined when the trail refused it.
 *
 * @example
 * const trail = createTrail({ endpoint: '/v1/logs', actor: { id: 'u-1' }, types: platformTypes });
 * const platform = platformHelpers(trail);
 * platform.project.export('p1', { payload: { format: 'coco' } });
 * platform.member.add('u-9', { payload: { role: 'reviewer' } });
 */
export function platformHelpers(trail: PlatformTracker): PlatformHelpers {
  const groups: Record<string, Record<string, unknown>> = {};
  for (const [, type, , verb, where] of platformActionTable) {
    const group = (groups[type.slice(0, type.indexOf('.'))] ??= {});
    group[verb] =
      where === ''
        ? (fields?: TrackFields) => trail.track(type, fields)
        : (subject: string, fields?: TrackFields) => trail.track(type, placed(subject, where, fields));
  }
  const tag = (type: EventType) => (name: string, fields?: TrackFields) =>
    trail.track(type, placed(name, 'tag', fields));
  groups['tag'] = { attach: tag('tag.attached'), updateValue: tag('tag.updated'), detach: tag('tag.detached') };
  return groups as unknown as PlatformHelpers;
}
