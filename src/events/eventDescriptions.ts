import type { EventType } from './taxonomy.js';

/**
 * A sentence per event type, in the words of the source action tables, for activity logs,
 * search and documentation. Kept out of the browser entry (it is read by people, not by the
 * trail): import it from `labeltrail/schema`.
 */
export const eventDescriptions: Readonly<Record<EventType, string>> = Object.freeze({
  'label.added': 'Add a label',
  'label.edited': 'Edit a label',
  'label.deleted': 'Delete a label',
  'labeling.started': 'Start labeling',
  'labeling.ended': 'End labeling',
  'task.submitted': 'Submit a task',
  'label.approved': 'Approve a label',
  'label.rejected': 'Reject a label',
  'classification.added': 'Add a classification or attribute',
  'classification.edited': 'Edit a classification or attribute',
  'classification.deleted': 'Delete a classification or attribute',
  'classification.approved': 'Approve a classification or attribute',
  'classification.rejected': 'Reject a classification or attribute',
  'label.submitted': 'Submit an object or a classification label for review',
  'attribute.submitted': 'Submit an attribute for review',
  'video.buffering': 'The buffering icon appeared while the video was loading',
  'video.bitrate_warning': 'A bitrate warning was shown',
  'video.seeking': 'The seeking overlay was shown while skipping to a frame',
  'task.approved': 'Approve a task',
  'task.rejected': 'Reject a task',
  'consensus.approved': 'Approve a consensus label',
  'consensus.unapproved': 'Remove a label from the consensus-approved list',
  'consensus.reached': 'Consensus reached on labels',
  'figure.created': 'Annotation figure created',
  'figure.updated': 'Annotation figure updated',
  'figure.disabled': 'Annotation figure disabled or removed',
  'figure.restored': 'Annotation figure restored',
  'tag.attached': 'A tag was added to an item or figure',
  'tag.updated': 'A tag value changed',
  'tag.detached': 'A tag was removed',
  'item.opened': 'An item was opened in the labeling tool',
  'item.duration': 'Time spent in the labeling tool on one item (annotation_duration)',
  'item.review_status': 'The review status of an item changed',
  'video.startup': 'Time from play request to the first rendered frame',
  'trail.dropped': 'Events were dropped because the local queue was full',
});
