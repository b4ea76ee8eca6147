import type { EventContext } from '../../events/schema.js';

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
