import type { Capture } from './attachCapture.js';
import type { AnnotoriousAnnotation, AnnotoriousLike, DescribeAnnotation } from './annotorious/AnnotoriousLike.js';
import { describeByBody } from './annotorious/describeByBody.js';
import { EditSession } from './annotorious/EditSession.js';
import { readSafely } from './annotorious/readSafely.js';
import { DEFAULT_MULTI_CLICK_TOOLS } from './defaults.js';
import { guard, listen, type ErrorSink } from './lib/safe.js';

export type { AnnotoriousAnnotation, AnnotoriousLike, DescribeAnnotation } from './annotorious/AnnotoriousLike.js';
export { describeByBody } from './annotorious/describeByBody.js';

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
  const session = new EditSession(trail, annotator, {
    describe: options.describe ?? describeByBody,
    figures: options.figures ?? false,
    multiClickTools: new Set(options.multiClickTools ?? DEFAULT_MULTI_CLICK_TOOLS),
  });
  const onPointerDown = guard(onError, () => session.pointerDown());
  const onKeyDown = guard(onError, (event: Event) => {
    if ((event as KeyboardEvent).key === 'Escape') session.escape();
  });

  const handlers: [string, (...args: never[]) => void][] = [
    ['createAnnotation', guard(onError, (annotation: AnnotoriousAnnotation) => session.created(annotation))],
    [
      'updateAnnotation',
      guard(onError, (annotation: AnnotoriousAnnotation, previous?: AnnotoriousAnnotation) =>
        session.updated(annotation, previous),
      ),
    ],
    ['deleteAnnotation', guard(onError, (annotation: AnnotoriousAnnotation) => session.deleted(annotation))],
    ['selectionChanged', guard(onError, (list: readonly AnnotoriousAnnotation[]) => session.selectionChanged(list))],
  ];
  try {
    handlers.forEach(([event, handler]) => annotator.on(event, handler));
  } catch (error) {
    onError(error);
  }
  const element = readSafely(() => annotator.element, undefined);
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
    session.close();
  };
}
