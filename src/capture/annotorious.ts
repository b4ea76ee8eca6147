import type { Capture } from './attachCapture.js';
import type { LabelAction } from './helpers/actions.js';
import { DEFAULT_MULTI_CLICK_TOOLS } from './defaults.js';
import { guard, listen, type ErrorSink } from './lib/safe.js';

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

/** Options of `connectAnnotorious`. */
export interface ConnectAnnotoriousOptions {
  /** Label fields for an annotation; default: name and feature from its classifying/tagging body. */
  readonly describe?: DescribeAnnotation;
  /** Also emit the low-level `figure.*` events. Default false. */
  readonly figures?: boolean;
  /** Drawing tools that take several pointer downs per shape; their first one starts the clock. */
  readonly multiClickTools?: readonly string[];
  /** Receives adapter failures. */
  readonly onError?: ErrorSink;
}

/** Name and feature from the body that classifies the annotation, else its first tag. */
export function describeByBody(annotation: AnnotoriousAnnotation): Partial<Omit<LabelAction, 'id'>> {
  const bodies = annotation.bodies ?? [];
  const body = bodies.find((b) => b.purpose === 'classifying') ?? bodies.find((b) => b.purpose === 'tagging');
  const feature = annotation.properties?.feature;
  const result: { feature?: string; name?: string } = {};
  if (typeof feature === 'string') result.feature = feature;
  else if (body?.value) result.feature = body.value;
  if (body?.value) result.name = body.value;
  return result;
}

/**
 * Wires an Annotorious image annotator to the trail: user-created, edited and deleted
 * annotations become `label.added` / `label.edited` / `label.deleted` with the time taken
 * (from the first pointer down of the drawing or of the edit to the commit).
 * Returns the function that disconnects it.
 *
 * @example
 * const anno = createImageAnnotator('photo');
 * const disconnect = connectAnnotorious(trail, anno);
 */
export function connectAnnotorious(
  trail: Pick<Capture, 'label' | 'figure'>,
  annotator: AnnotoriousLike,
  options: ConnectAnnotoriousOptions = {},
): () => void {
  const onError = options.onError ?? ((error: unknown) => console.warn('labeltrail annotorious:', error));
  const describe = options.describe ?? describeByBody;
  const multiClick = new Set(options.multiClickTools ?? DEFAULT_MULTI_CLICK_TOOLS);
  const known = new Set<string>();
  let selected = new Set<string>();
  let drawing = false;

  const safe = <T>(get: () => T, fallback: T): T => {
    try {
      return get();
    } catch {
      return fallback;
    }
  };
  safe(() => annotator.getAnnotations?.() ?? [], []).forEach((a) => known.add(a.id));

  const action = (annotation: AnnotoriousAnnotation, payload?: Record<string, unknown>): LabelAction => ({
    ...describe(annotation),
    id: annotation.id,
    ...(payload ? { payload } : {}),
  });

  const onPointerDown = guard(onError, () => {
    if (safe(() => annotator.getSelected?.() ?? [], []).length > 0) return;
    if (safe(() => annotator.isDrawingEnabled?.() ?? true, true) === false) return;
    const tool = safe(() => annotator.getDrawingTool?.(), undefined);
    // A drag tool starts a new shape with every pointer down; an abandoned one must not count.
    if (!(drawing && tool !== undefined && multiClick.has(tool))) trail.label.cancel();
    trail.label.begin();
    drawing = true;
  });
  const onKeyDown = guard(onError, (event: Event) => {
    if ((event as KeyboardEvent).key === 'Escape' && drawing) {
      trail.label.cancel();
      drawing = false;
    }
  });

  const onCreate = guard(onError, (annotation: AnnotoriousAnnotation) => {
    known.add(annotation.id);
    drawing = false;
    trail.label.add(action(annotation));
    if (options.figures) trail.figure.create(action(annotation));
    if (selected.has(annotation.id)) trail.label.begin(annotation.id);
  });
  const onUpdate = guard(onError, (annotation: AnnotoriousAnnotation, previous?: AnnotoriousAnnotation) => {
    known.add(annotation.id);
    trail.label.edit(action(annotation, previous ? { changed: changedPart(annotation, previous) } : undefined));
    if (options.figures) trail.figure.update(action(annotation));
    // Still selected: further changes are a new edit, timed from now.
    if (selected.has(annotation.id)) trail.label.begin(annotation.id);
  });
  const onDelete = guard(onError, (annotation: AnnotoriousAnnotation) => {
    known.delete(annotation.id);
    selected.delete(annotation.id);
    trail.label.delete(action(annotation));
    if (options.figures) trail.figure.disable(action(annotation));
  });
  const onSelection = guard(onError, (annotations: readonly AnnotoriousAnnotation[]) => {
    const next = new Set(annotations.map((a) => a.id));
    for (const id of selected) if (!next.has(id)) trail.label.cancel(id);
    for (const id of next) {
      if (selected.has(id)) continue;
      if (known.has(id)) {
        // Selecting an existing shape: that pointer down was the start of an edit, not a drawing.
        trail.label.cancel();
        drawing = false;
        trail.label.begin(id);
      }
    }
    if (next.size === 0 && !drawing) trail.label.cancel();
    selected = next;
  });

  const handlers: [string, (...args: never[]) => void][] = [
    ['createAnnotation', onCreate],
    ['updateAnnotation', onUpdate],
    ['deleteAnnotation', onDelete],
    ['selectionChanged', onSelection],
  ];
  try {
    handlers.forEach(([event, handler]) => annotator.on(event, handler));
  } catch (error) {
    onError(error);
  }
  const element = safe(() => annotator.element, undefined);
  const removers = [
    listen(element, 'pointerdown', onPointerDown, { capture: true, passive: true }),
    listen(element?.ownerDocument ?? undefined, 'keydown', onKeyDown, { capture: true, passive: true }),
  ];

  return () => {
    try {
      handlers.forEach(([event, handler]) => annotator.off(event, handler));
    } catch (error) {
      onError(error);
    }
    removers.forEach((remove) => remove());
    trail.label.cancel();
    selected.forEach((id) => trail.label.cancel(id));
  };
}

function changedPart(annotation: unknown, previous: unknown): 'target' | 'bodies' | 'both' {
  const a = annotation as { target?: unknown; bodies?: unknown };
  const b = previous as { target?: unknown; bodies?: unknown };
  const target = JSON.stringify(a.target) !== JSON.stringify(b.target);
  const bodies = JSON.stringify(a.bodies) !== JSON.stringify(b.bodies);
  return target && bodies ? 'both' : bodies ? 'bodies' : 'target';
}
