import type { LabelAction } from '../helpers/actions.js';
import type { AnnotationHelpers } from '../helpers/annotationHelpers.js';
import type { FigureHelpers } from '../helpers/figureHelpers.js';
import type { AnnotoriousAnnotation, AnnotoriousLike, DescribeAnnotation } from './AnnotoriousLike.js';
import { changedPart } from './changedPart.js';
import { readSafely } from './readSafely.js';

/** The helpers a session emits through (a trail's `label` and `figure`). */
export interface SessionTrail {
  readonly label: AnnotationHelpers;
  readonly figure: FigureHelpers;
}

/** How an edit session turns annotations into label events. */
export interface EditSessionOptions {
  readonly describe: DescribeAnnotation;
  /** Also emit the low-level `figure.*` events. */
  readonly figures: boolean;
  /** Drawing tools that take several pointer downs per shape. */
  readonly multiClickTools: ReadonlySet<string>;
}

/**
 * What the user draws and edits in one annotator, as label drafts and events: which shapes
 * exist (so selecting one starts an edit, not a drawing), which are selected, and whether a
 * drawing is under way.
 */
export class EditSession {
  readonly #trail: SessionTrail;
  readonly #annotator: AnnotoriousLike;
  readonly #options: EditSessionOptions;
  readonly #known = new Set<string>();
  #selected = new Set<string>();
  #drawing = false;

  constructor(trail: SessionTrail, annotator: AnnotoriousLike, options: EditSessionOptions) {
    this.#trail = trail;
    this.#annotator = annotator;
    this.#options = options;
    readSafely(() => annotator.getAnnotations?.() ?? [], []).forEach((a) => this.#known.add(a.id));
  }

  /** A pointer down on the image: the start of a drawing, unless a shape is selected. */
  pointerDown(): void {
    const annotator = this.#annotator;
    if (readSafely(() => annotator.getSelected?.() ?? [], []).length > 0) return;
    if (readSafely(() => annotator.isDrawingEnabled?.() ?? true, true) === false) return;
    const tool = readSafely(() => annotator.getDrawingTool?.(), undefined);
    // A drag tool starts a new shape with every pointer down; an abandoned one must not count.
    if (!(this.#drawing && tool !== undefined && this.#options.multiClickTools.has(tool))) this.#trail.label.cancel();
    this.#trail.label.begin();
    this.#drawing = true;
  }

  /** Escape drops the drawing under way. */
  escape(): void {
    if (!this.#drawing) return;
    this.#trail.label.cancel();
    this.#drawing = false;
  }

  created(annotation: AnnotoriousAnnotation): void {
    this.#known.add(annotation.id);
    this.#drawing = false;
    this.#trail.label.add(this.#action(annotation));
    if (this.#options.figures) this.#trail.figure.create(this.#action(annotation));
    if (this.#selected.has(annotation.id)) this.#trail.label.begin(annotation.id);
  }

  updated(annotation: AnnotoriousAnnotation, previous?: AnnotoriousAnnotation): void {
    this.#known.add(annotation.id);
    const payload = previous ? { changed: changedPart(annotation, previous) } : undefined;
    this.#trail.label.edit(this.#action(annotation, payload));
    if (this.#options.figures) this.#trail.figure.update(this.#action(annotation));
    // Still selected: further changes are a new edit, timed from now.
    if (this.#selected.has(annotation.id)) this.#trail.label.begin(annotation.id);
  }

  deleted(annotation: AnnotoriousAnnotation): void {
    this.#known.delete(annotation.id);
    this.#selected.delete(annotation.id);
    this.#trail.label.delete(this.#action(annotation));
    if (this.#options.figures) this.#trail.figure.disable(this.#action(annotation));
  }

  selectionChanged(annotations: readonly AnnotoriousAnnotation[]): void {
    const label = this.#trail.label;
    const next = new Set(annotations.map((a) => a.id));
    for (const id of this.#selected) if (!next.has(id)) label.cancel(id);
    for (const id of next) {
      if (this.#selected.has(id) || !this.#known.has(id)) continue;
      // Selecting an existing shape: that pointer down was the start of an edit, not a drawing.
      label.cancel();
      this.#drawing = false;
      label.begin(id);
    }
    if (next.size === 0 && !this.#drawing) label.cancel();
    this.#selected = next;
  }

  /** Drops every draft still open. */
  close(): void {
    this.#trail.label.cancel();
    this.#selected.forEach((id) => this.#trail.label.cancel(id));
  }

  #action(annotation: AnnotoriousAnnotation, payload?: Record<string, unknown>): LabelAction {
    return { ...this.#options.describe(annotation), id: annotation.id, ...(payload ? { payload } : {}) };
  }
}
