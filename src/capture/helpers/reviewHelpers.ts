import type { TrailEvent } from '../../events/schema.js';
import type { ActionPlace, LabelAction, ReviewTarget } from './actions.js';
import type { AnnotationHelpers, Subject } from './annotationHelpers.js';
import type { HelperContext } from './HelperContext.js';

/** Review decisions on any subject, plus an item's review status. */
export interface ReviewHelpers {
  approve(target: ReviewTarget): TrailEvent | undefined;
  reject(target: ReviewTarget): TrailEvent | undefined;
  submit(target: ReviewTarget): TrailEvent | undefined;
  /** The review status of an item changed (e.g. `"accepted"`, `"rejected"`, `"in_review"`). */
  status(action: ActionPlace & { readonly status: string }): TrailEvent | undefined;
}

// The subject's helpers and its action, with the review's comment.
function bySubject(
  subjects: Readonly<Record<Subject, AnnotationHelpers>>,
  target: ReviewTarget,
): [AnnotationHelpers, LabelAction] {
  const comment = target.comment ? { comment: target.comment } : {};
  if ('label' in target) return [subjects.label, { ...target.label, ...comment }];
  if ('classification' in target) return [subjects.classification, { ...target.classification, ...comment }];
  return [subjects.attribute, { ...target.attribute, ...comment }];
}

/** A review decision is the decision of its subject's helpers (`label.approve`, ...). */
export function reviewHelpers(
  subjects: Readonly<Record<Subject, AnnotationHelpers>>,
  context: HelperContext,
): ReviewHelpers {
  const decide = (decision: 'approve' | 'reject' | 'submit') => (target: ReviewTarget) => {
    const [helpers, action] = bySubject(subjects, target);
    return helpers[decision](action);
  };
  return {
    approve: decide('approve'),
    reject: decide('reject'),
    submit: decide('submit'),
    status: (action) => context.track('item.review_status', context.place(action, { status: action.status })),
  };
}
