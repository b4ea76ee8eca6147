/**
 * Every event type labeltrail knows, with the action number of the label-log action
 * table where one exists (codes 0–37), its subject category and the kind of change it
 * records (used to colour-code activity logs: created green, deleted red, updated grey).
 */
export type EventKind = 'create' | 'update' | 'delete' | 'review' | 'session' | 'media' | 'system';

export interface EventTypeInfo {
  /** Action number of the label-log table, or null when the action has none. */
  readonly code: number | null;
  readonly category: string;
  readonly kind: EventKind;
  readonly description: string;
}

// Order follows the source tables: label-log actions by number, then editor-level events.
const table = {
  'label.added': [0, 'label', 'create', 'Add a label'],
  'label.edited': [1, 'label', 'update', 'Edit a label'],
  'label.deleted': [2, 'label', 'delete', 'Delete a label'],
  'labeling.started': [3, 'labeling', 'session', 'Start labeling'],
  'labeling.ended': [4, 'labeling', 'session', 'End labeling'],
  'task.submitted': [11, 'task', 'review', 'Submit a task'],
  'label.approved': [12, 'review', 'review', 'Approve a label'],
  'label.rejected': [13, 'review', 'review', 'Reject a label'],
  'classification.added': [23, 'classification', 'create', 'Add a classification or attribute'],
  'classification.edited': [24, 'classification', 'update', 'Edit a classification or attribute'],
  'classification.deleted': [25, 'classification', 'delete', 'Delete a classification or attribute'],
  'classification.approved': [26, 'review', 'review', 'Approve a classification or attribute'],
  'classification.rejected': [27, 'review', 'review', 'Reject a classification or attribute'],
  'label.submitted': [28, 'review', 'review', 'Submit an object or a classification label for review'],
  'attribute.submitted': [29, 'review', 'review', 'Submit an attribute for review'],
  'video.buffering': [30, 'video', 'media', 'The buffering icon appeared while the video was loading'],
  'video.bitrate_warning': [31, 'video', 'media', 'A bitrate warning was shown'],
  'video.seeking': [32, 'video', 'media', 'The seeking overlay was shown while skipping to a frame'],
  'task.approved': [33, 'task', 'review', 'Approve a task'],
  'task.rejected': [34, 'task', 'review', 'Reject a task'],
  'consensus.approved': [35, 'consensus', 'review', 'Approve a consensus label'],
  'consensus.unapproved': [36, 'consensus', 'review', 'Remove a label from the consensus-approved list'],
  'consensus.reached': [37, 'consensus', 'review', 'Consensus reached on labels'],
  'figure.created': [null, 'figure', 'create', 'Annotation figure created'],
  'figure.updated': [null, 'figure', 'update', 'Annotation figure updated'],
  'figure.disabled': [null, 'figure', 'delete', 'Annotation figure disabled or removed'],
  'figure.restored': [null, 'figure', 'create', 'Annotation figure restored'],
  'tag.attached': [null, 'tag', 'create', 'A tag was added to an item or figure'],
  'tag.updated': [null, 'tag', 'update', 'A tag value changed'],
  'tag.detached': [null, 'tag', 'delete', 'A tag was removed'],
  'item.opened': [null, 'time', 'session', 'An item was opened in the labeling tool'],
  'item.duration': [null, 'time', 'session', 'Time spent in the labeling tool on one item (annotation_duration)'],
  'item.review_status': [null, 'review', 'review', 'The review status of an item changed'],
  'video.startup': [null, 'video', 'media', 'Time from play request to the first rendered frame'],
  'trail.dropped': [null, 'trail', 'system', 'Events were dropped because the local queue was full'],
} as const satisfies Record<string, readonly [number | null, string, EventKind, string]>;

export type EventType = keyof typeof table;

/** Every event type with its action code, category, kind and description. */
export const eventTypes: Readonly<Record<EventType, EventTypeInfo>> = Object.freeze(
  Object.fromEntries(
    Object.entries(table).map(([type, [code, category, kind, description]]) => [
      type,
      Object.freeze({ code, category, kind, description }),
    ]),
  ) as Record<EventType, EventTypeInfo>,
);

/** True when `type` names a known event type. */
export function isEventType(type: unknown): type is EventType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(table, type);
}
