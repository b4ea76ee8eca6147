import type { LabelAction } from '../helpers/actions.js';

/** The parts of an Annotorious annotation the adapter reads (W3C-like core model). */
export interface AnnotoriousAnnotation {
  readonly id: string;
  readonly bodies?: ReadonlyArray<{ readonly purpose?: string; readonly value?: string }>;
  readonly properties?: Readonly<Record<string, unknown>>;
}

/**
 * The parts of an `@annotorious/annotorious` v3 image annotator the adapter uses, so the
 * library is never imported here: pass the object `createImageAnnotator` returned.
 */
export interface AnnotoriousLike {
  readonly element?: Element;
  on(event: string, callback: (...args: never[]) => void): void;
  off(event: string, callback: (...args: never[]) => void): void;
  getAnnotations?(): readonly AnnotoriousAnnotation[];
  getSelected?(): readonly AnnotoriousAnnotation[];
  getDrawingTool?(): string | undefined;
  isDrawingEnabled?(): boolean;
}

/** What the adapter fills into each label event, derived from the annotation. */
export type DescribeAnnotation = (annotation: AnnotoriousAnnotation) => Partial<Omit<LabelAction, 'id'>>;
