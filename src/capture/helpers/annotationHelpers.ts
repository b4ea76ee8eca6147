import type { LabelRef, TrailEvent } from '../../events/schema.js';
import type { EventType } from '../../events/taxonomy.js';
import { compact } from '../lib/compact.js';
import type { LabelAction } from './actions.js';
import type { Drafts } from './Drafts.js';
import type { HelperContext } from './HelperContext.js';
import { labelRef } from './placeFields.js';

/** Helpers of one kind of annotation (label, classification, attribute). */
export interface AnnotationHelpers {
  /**
   * Drawing or editing of an instance started (first pointer down of its tool). The next
   * `add`/`edit` of the same id (or of any id, when begun without one) gets the time taken.
   */
  begin(id?: string): void;
  /** Drops a draft begun with `begin` (drawing cancelled). */
  cancel(id?: string): void;
  add(action: LabelAction): TrailEvent | undefined;
  edit(action: LabelAction): TrailEvent | undefined;
  delete(action: LabelAction): TrailEvent | undefined;
  approve(action: LabelAction & { readonly comment?: string }): TrailEvent | undefined;
  reject(action: LabelAction & { readonly comment?: string }): TrailEvent | undefined;
  /** Submit for review (action 28 for labels and classifications, 29 for attributes). */
  submit(action: LabelAction): TrailEvent | undefined;
}

/** The kinds of annotation, each with its helper group. */
export type Subject = 'label' | 'classification' | 'attribute';

type Kind = 'add' | 'edit' | 'delete' | 'approve' | 'reject' | 'submit';

const SUBJECT_TYPES: Record<Subject, Record<Kind, EventType>> = {
  label: {
    add: 'label.added',
    edit: 'label.edited',
    delete: 'label.deleted',
    approve: 'label.approved',
    reject: 'label.rejected',
    submit: 'label.submitted',
  },
  classification: {
    add: 'classification.added',
    edit: 'classification.edited',
    delete: 'classification.deleted',
    approve: 'classification.approved',
    reject: 'classification.rejected',
    submit: 'label.submitted',
  },
  // The action table files attributes under the classification codes (23–27), except submit (29).
  attribute: {
    add: 'classification.added',
    edit: 'classification.edited',
    delete: 'classification.deleted',
    approve: 'classification.approved',
    reject: 'classification.rejected',
    submit: 'attribute.submitted',
  },
};

// The draft begun without an id: the next add of any instance of the subject takes it.
const DRAFT_ANY = '*';

const roundedMs = (ms: number | undefined): number | undefined =>
  ms === undefined || !Number.isFinite(ms) ? undefined : Math.max(0, Math.round(ms));

/** The helpers of one subject; an add or edit gets the time of its draft, if one was begun. */
export function annotationHelpers(subject: Subject, context: HelperContext, drafts: Drafts): AnnotationHelpers {
  const types = SUBJECT_TYPES[subject];
  const key = (id: string | undefined) => `${subject}:${id ?? DRAFT_ANY}`;
  const emit = (kind: Kind, action: LabelAction, draftMs?: number, extra?: Record<string, unknown>) => {
    if (kind === 'add' || kind === 'edit' || kind === 'delete') context.touch();
    const payload = subject === 'attribute' ? { subject, ...extra } : extra;
    // Added to the place's own object, not spread into a new one: add() is the editor's hot path.
    const fields = context.place(action, payload) as { label?: LabelRef; durationMs?: number };
    fields.label = labelRef(action);
    const durationMs = roundedMs(action.durationMs ?? draftMs);
    if (durationMs !== undefined) fields.durationMs = durationMs;
    return context.track(types[kind], fields);
  };
  return {
    begin: (id) => drafts.begin(key(id)),
    cancel: (id) => drafts.cancel(key(id)),
    add: (action) => emit('add', action, drafts.empty ? undefined : drafts.take(key(action.id), key(undefined))),
    edit: (action) => emit('edit', action, drafts.empty ? undefined : drafts.take(key(action.id))),
    delete: (action) => {
      drafts.take(key(action.id));
      return emit('delete', action);
    },
    approve: (action) => emit('approve', action, undefined, compact({ comment: action.comment })),
    reject: (action) => emit('reject', action, undefined, compact({ comment: action.comment })),
    submit: (action) => emit('submit', action),
  };
}
