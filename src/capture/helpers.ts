import type { EventContext, LabelRef, TrailEvent } from '../events/schema.js';
import type { TrackFields, Tracker } from '../events/Tracker.js';
import type { EventType } from '../events/taxonomy.js';
import type { ItemTimer } from './ItemTimer.js';
import { Stopwatch } from './lib/Stopwatch.js';
import type { ErrorSink } from './lib/safe.js';
import type { Attention } from './time/Attention.js';

/** Where an action happened; every field is optional and falls back to the open item. */
export interface ActionPlace {
  /** Data unit (image, video, document) id; defaults to the item opened with `openItem`. */
  readonly item?: string;
  /** Video frame the action was taken on. */
  readonly frame?: number;
  /** Consensus branch (one per annotator on consensus tasks). */
  readonly branch?: string;
  /** Workflow stage / graph node id. */
  readonly workflowStage?: string;
  /** Any other context fields (project, dataset, job, task) for this event only. */
  readonly context?: Partial<EventContext>;
  /** Extra detail kept as the event payload. */
  readonly payload?: Record<string, unknown>;
}

/** One label, classification or attribute instance and where the action on it happened. */
export interface LabelAction extends ActionPlace {
  /** Instance id (the `identifier` of a label log). */
  readonly id: string;
  /** Ontology feature id (`feature_hash`). */
  readonly feature?: string;
  /** Label name from the ontology. */
  readonly name?: string;
  /** Time taken in ms; when omitted, measured from `begin()` of this label (if called). */
  readonly durationMs?: number;
}

/** A task-level action (submit, approve, reject of a whole task). */
export interface TaskAction extends ActionPlace {
  readonly task?: string;
  readonly comment?: string;
}

/** A tag attached to an item or to one figure. */
export interface TagAction extends ActionPlace {
  /** Tag name (or tag id of the ontology). */
  readonly tag: string;
  readonly value?: string | number | boolean | null;
  /** The figure the tag is attached to, when it is not the whole item. */
  readonly figure?: string;
}

/** What a review decision is about: exactly one of label, classification or attribute. */
export type ReviewTarget =
  | { readonly label: LabelAction; readonly comment?: string }
  | { readonly classification: LabelAction; readonly comment?: string }
  | { readonly attribute: LabelAction; readonly comment?: string };

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

/** Review decisions on any subject, plus an item's review status. */
export interface ReviewHelpers {
  approve(target: ReviewTarget): TrailEvent | undefined;
  reject(target: ReviewTarget): TrailEvent | undefined;
  submit(target: ReviewTarget): TrailEvent | undefined;
  /** The review status of an item changed (e.g. `"accepted"`, `"rejected"`, `"in_review"`). */
  status(action: ActionPlace & { readonly status: string }): TrailEvent | undefined;
}

/** Task submission and review. */
export interface TaskHelpers {
  submit(action?: TaskAction): TrailEvent | undefined;
  approve(action?: TaskAction): TrailEvent | undefined;
  reject(action?: TaskAction): TrailEvent | undefined;
}

/** Consensus workflow actions. */
export interface ConsensusHelpers {
  approve(action: LabelAction): TrailEvent | undefined;
  unapprove(action: LabelAction): TrailEvent | undefined;
  /** Consensus reached; `labels` lists the agreeing instance ids when known. */
  reached(action?: ActionPlace & { readonly labels?: readonly string[] }): TrailEvent | undefined;
}

/** Start / end of a labeling session on an item. */
export interface LabelingHelpers {
  start(action?: ActionPlace): TrailEvent | undefined;
  end(action?: ActionPlace): TrailEvent | undefined;
}

/** Low-level figure events (editor shapes, without an action number). */
export interface FigureHelpers {
  create(action: LabelAction): TrailEvent | undefined;
  update(action: LabelAction): TrailEvent | undefined;
  disable(action: LabelAction): TrailEvent | undefined;
  restore(action: LabelAction): TrailEvent | undefined;
}

/** Tags on items or figures. */
export interface TagHelpers {
  attach(action: TagAction): TrailEvent | undefined;
  update(action: TagAction): TrailEvent | undefined;
  detach(action: TagAction): TrailEvent | undefined;
}

/** Every typed helper group. */
export interface CaptureHelpers {
  readonly label: AnnotationHelpers;
  readonly classification: AnnotationHelpers;
  readonly attribute: AnnotationHelpers;
  readonly review: ReviewHelpers;
  readonly task: TaskHelpers;
  readonly consensus: ConsensusHelpers;
  readonly labeling: LabelingHelpers;
  readonly figure: FigureHelpers;
  readonly tag: TagHelpers;
}

type Subject = 'label' | 'classification' | 'attribute';

const SUBJECT_TYPES: Record<Subject, Record<'add' | 'edit' | 'delete' | 'approve' | 'reject' | 'submit', EventType>> = {
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

const DRAFT_ANY = '*';

// Every helper call compacts three or four objects: a loop, not entries/filter/fromEntries.
function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}

/**
 * Builds the helper groups over `tracker`. Label drafts are timed by the item timer's rules:
 * paused while the tab is hidden, blurred (or another tab of the actor counts) or idle.
 */
export function createHelpers(
  tracker: Tracker,
  timer: ItemTimer,
  attention: Attention,
  onError: ErrorSink,
): CaptureHelpers & { dispose(): void } {
  const drafts = new Map<string, Stopwatch>();
  // `at` of idle is the last input: the idle gap is taken back from a draft too.
  const unsubscribe = attention.subscribe((state, at) => {
    for (const watch of drafts.values()) {
      if (state === 'present') watch.resume(at);
      else watch.pause(at);
    }
  });

  const track = (type: EventType, fields: TrackFields): TrailEvent | undefined => {
    try {
      return tracker.track(type, fields);
    } catch (error) {
      onError(error);
      return undefined;
    }
  };

  const place = (action: ActionPlace | undefined, extraPayload?: Record<string, unknown>): TrackFields => {
    const context = compact({
      ...timer.context,
      ...action?.context,
      item: action?.item ?? action?.context?.item ?? timer.context?.item,
      frame: action?.frame ?? action?.context?.frame,
      branch: action?.branch ?? action?.context?.branch,
      workflowStage: action?.workflowStage ?? action?.context?.workflowStage,
    });
    const payload = { ...extraPayload, ...action?.payload };
    return compact({ context, payload: Object.keys(payload).length > 0 ? payload : undefined });
  };

  const labelRef = (action: LabelAction): LabelRef =>
    compact({ id: action.id, feature: action.feature, name: action.name });

  const draftKey = (subject: Subject, id: string) => `${subject}:${id}`;

  const takeDraft = (subject: Subject, id: string, allowAny: boolean): number | undefined => {
    const key = drafts.has(draftKey(subject, id))
      ? draftKey(subject, id)
      : allowAny
        ? draftKey(subject, DRAFT_ANY)
        : undefined;
    const watch = key === undefined ? undefined : drafts.get(key);
    if (key === undefined || !watch) return undefined;
    drafts.delete(key);
    timer.endEditing(key);
    return watch.elapsed();
  };

  const annotation = (subject: Subject): AnnotationHelpers => {
    const types = SUBJECT_TYPES[subject];
    const emit = (
      kind: keyof typeof types,
      action: LabelAction,
      durationMs?: number,
      extra?: Record<string, unknown>,
    ) => {
      if (kind === 'add' || kind === 'edit' || kind === 'delete') timer.touch();
      const payload = subject === 'attribute' ? { subject, ...extra } : extra;
      const duration = action.durationMs ?? durationMs;
      return track(
        types[kind],
        compact({
          ...place(action, payload),
          label: labelRef(action),
          durationMs:
            duration === undefined || !Number.isFinite(duration) ? undefined : Math.max(0, Math.round(duration)),
        }),
      );
    };
    return {
      begin(id) {
        const key = draftKey(subject, id ?? DRAFT_ANY);
        // The first pointer down of a draft is its start; later ones are part of the same drawing.
        if (drafts.has(key)) return;
        drafts.set(key, new Stopwatch(attention.state === 'present'));
        timer.beginEditing(key);
      },
      cancel(id) {
        const key = draftKey(subject, id ?? DRAFT_ANY);
        if (drafts.delete(key)) timer.endEditing(key);
      },
      add: (action) => emit('add', action, takeDraft(subject, action.id, true)),
      edit: (action) => emit('edit', action, takeDraft(subject, action.id, false)),
      delete: (action) => {
        takeDraft(subject, action.id, false);
        return emit('delete', action);
      },
      approve: (action) => emit('approve', action, undefined, compact({ comment: action.comment })),
      reject: (action) => emit('reject', action, undefined, compact({ comment: action.comment })),
      submit: (action) => emit('submit', action),
    };
  };

  const label = annotation('label');
  const classification = annotation('classification');
  const attribute = annotation('attribute');
  const bySubject = (target: ReviewTarget): [AnnotationHelpers, LabelAction] =>
    'label' in target
      ? [label, { ...target.label, ...(target.comment ? { comment: target.comment } : {}) }]
      : 'classification' in target
        ? [classification, { ...target.classification, ...(target.comment ? { comment: target.comment } : {}) }]
        : [attribute, { ...target.attribute, ...(target.comment ? { comment: target.comment } : {}) }];

  const taskEvent =
    (type: EventType) =>
    (action: TaskAction = {}) =>
      track(
        type,
        place(
          { ...action, context: compact({ ...action.context, task: action.task ?? action.context?.task }) },
          compact({ comment: action.comment }),
        ),
      );

  const figureEvent = (type: EventType) => (action: LabelAction) => {
    timer.touch();
    return track(type, compact({ ...place(action), label: labelRef(action), durationMs: action.durationMs }));
  };

  const tagEvent = (type: EventType) => (action: TagAction) => {
    timer.touch();
    return track(
      type,
      compact({
        ...place(action, compact({ tag: action.tag, value: action.value, figure: action.figure })),
        label: action.figure ? { id: action.figure } : undefined,
      }),
    );
  };

  return {
    label,
    classification,
    attribute,
    review: {
      approve: (target) => {
        const [helpers, action] = bySubject(target);
        return helpers.approve(action);
      },
      reject: (target) => {
        const [helpers, action] = bySubject(target);
        return helpers.reject(action);
      },
      submit: (target) => {
        const [helpers, action] = bySubject(target);
        return helpers.submit(action);
      },
      status: (action) => track('item.review_status', place(action, { status: action.status })),
    },
    task: {
      submit: taskEvent('task.submitted'),
      approve: taskEvent('task.approved'),
      reject: taskEvent('task.rejected'),
    },
    consensus: {
      approve: (action) => track('consensus.approved', compact({ ...place(action), label: labelRef(action) })),
      unapprove: (action) => track('consensus.unapproved', compact({ ...place(action), label: labelRef(action) })),
      reached: (action) =>
        track('consensus.reached', place(action, action?.labels ? { labels: [...action.labels] } : undefined)),
    },
    labeling: {
      start: (action) => track('labeling.started', place(action)),
      end: (action) => track('labeling.ended', place(action)),
    },
    figure: {
      create: figureEvent('figure.created'),
      update: figureEvent('figure.updated'),
      disable: figureEvent('figure.disabled'),
      restore: figureEvent('figure.restored'),
    },
    tag: {
      attach: tagEvent('tag.attached'),
      update: tagEvent('tag.updated'),
      detach: tagEvent('tag.detached'),
    },
    dispose() {
      unsubscribe();
      for (const key of drafts.keys()) timer.endEditing(key);
      drafts.clear();
    },
  };
}
