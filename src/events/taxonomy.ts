/**
 * Every event type labeltrail knows, with the action number of the label-log action
 * table where one exists (codes 0–37), its subject category and the kind of change it
 * records (used to colour-code activity logs: created green, deleted red, updated grey).
 */
export const eventKinds = ['create', 'update', 'delete', 'review', 'session', 'media', 'system'] as const;

export type EventKind = (typeof eventKinds)[number];

/** True when `kind` is one of `eventKinds`. */
export const isEventKind = (kind: unknown): kind is EventKind => eventKinds.includes(kind as EventKind);

export interface EventTypeInfo {
  /** Action number of the label-log table, or null when the action has none. */
  readonly code: number | null;
  readonly category: string;
  readonly kind: EventKind;
}

// Order follows the source tables: label-log actions by number, then editor-level events.
const table = {
  'label.added': [0, 'label', 'create'],
  'label.edited': [1, 'label', 'update'],
  'label.deleted': [2, 'label', 'delete'],
  'labeling.started': [3, 'labeling', 'session'],
  'labeling.ended': [4, 'labeling', 'session'],
  'task.submitted': [11, 'task', 'review'],
  'label.approved': [12, 'review', 'review'],
  'label.rejected': [13, 'review', 'review'],
  'classification.added': [23, 'classification', 'create'],
  'classification.edited': [24, 'classification', 'update'],
  'classification.deleted': [25, 'classification', 'delete'],
  'classification.approved': [26, 'review', 'review'],
  'classification.rejected': [27, 'review', 'review'],
  'label.submitted': [28, 'review', 'review'],
  'attribute.submitted': [29, 'review', 'review'],
  'video.buffering': [30, 'video', 'media'],
  'video.bitrate_warning': [31, 'video', 'media'],
  'video.seeking': [32, 'video', 'media'],
  'task.approved': [33, 'task', 'review'],
  'task.rejected': [34, 'task', 'review'],
  'consensus.approved': [35, 'consensus', 'review'],
  'consensus.unapproved': [36, 'consensus', 'review'],
  'consensus.reached': [37, 'consensus', 'review'],
  'figure.created': [null, 'figure', 'create'],
  'figure.updated': [null, 'figure', 'update'],
  'figure.disabled': [null, 'figure', 'delete'],
  'figure.restored': [null, 'figure', 'create'],
  'tag.attached': [null, 'tag', 'create'],
  'tag.updated': [null, 'tag', 'update'],
  'tag.detached': [null, 'tag', 'delete'],
  'item.opened': [null, 'time', 'session'],
  'item.duration': [null, 'time', 'session'],
  'item.review_status': [null, 'review', 'review'],
  // Editors with a task lifecycle (Label Studio) have these; the action table has no code for them.
  'task.skipped': [null, 'task', 'review'],
  'task.updated': [null, 'task', 'review'],
  'task.draft_saved': [null, 'task', 'session'],
  'video.startup': [null, 'video', 'media'],
  'video.error': [null, 'video', 'media'],
  'video.summary': [null, 'video', 'media'],
  'trail.dropped': [null, 'trail', 'system'],
} as const satisfies Record<string, readonly [number | null, string, EventKind]>;

export type EventType = keyof typeof table;

/** Every event type with its action code, category and kind (descriptions: `labeltrail/schema`). */
export const eventTypes: Readonly<Record<EventType, EventTypeInfo>> = Object.freeze(
  Object.fromEntries(
    Object.entries(table).map(([type, [code, category, kind]]) => [type, Object.freeze({ code, category, kind })]),
  ) as Record<EventType, EventTypeInfo>,
);

/** True when `type` names a known event type. */
export function isEventType(type: unknown): type is EventType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(table, type);
}
