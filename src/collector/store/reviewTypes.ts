import type { EventType } from '../../events/taxonomy.js';

/** Event types that record a review decision about an item, its labels or its task. */
export const reviewTypes: readonly EventType[] = [
  'label.approved',
  'label.rejected',
  'classification.approved',
  'classification.rejected',
  'task.approved',
  'task.rejected',
  'consensus.approved',
  'consensus.unapproved',
  'consensus.reached',
  'item.review_status',
];
