// The parts of Label Studio's frontend (`@heartexlabs/label-studio` 1.4) the adapter reads.
// labeltrail never imports Label Studio: these describe the objects its callbacks hand over,
// and every member is optional because a version may lack it (the adapter then reports).

/** One JSON patch of a store node, as mobx-state-tree's `onPatch` gives it. */
export interface StorePatch {
  readonly op: 'add' | 'replace' | 'remove';
  readonly path: string;
  readonly value?: unknown;
}

/** Any node of Label Studio's store: mobx-state-tree puts its tree node on `$treenode`. */
export interface StoreNode {
  readonly $treenode?: { onPatch?: unknown };
}

/** One result of an area: a control's value (labels, choices, a rating, texts). */
export interface LabelStudioResult {
  readonly type?: string;
  readonly from_name?: { readonly name?: unknown } | string;
  readonly mainValue?: unknown;
}

/** A region (or, with `classification`, the area of a whole-task classification). */
export interface LabelStudioArea {
  readonly id?: unknown;
  readonly cleanId?: unknown;
  readonly type?: unknown;
  readonly classification?: unknown;
  readonly labels?: unknown;
  readonly labeling?: LabelStudioResult;
  readonly results?: readonly LabelStudioResult[];
  readonly annotation?: unknown;
}

/** One annotation (or prediction) of the task. */
export interface LabelStudioAnnotation {
  readonly id?: unknown;
  readonly pk?: unknown;
  readonly areas?: { get(id: string): LabelStudioArea | undefined };
}

/** Label Studio's app store, as `onLabelStudioLoad` and the task callbacks hand it over. */
export interface LabelStudioStore extends StoreNode {
  readonly task?: { readonly id?: unknown } | null;
  readonly annotationStore?: {
    readonly selected?: LabelStudioAnnotation | null;
    readonly annotations?: readonly LabelStudioAnnotation[];
  };
}

/** The options object a host passes to `new LabelStudio(element, options)`. */
export type LabelStudioOptions = Record<string, unknown>;
