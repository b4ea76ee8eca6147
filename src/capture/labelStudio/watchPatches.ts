import { TrailError } from '../../TrailError.js';
import type { StoreNode, StorePatch } from './LabelStudioLike.js';

/** Label Studio's store is not the shape this adapter reads (another version of it). */
export class LabelStudioShapeError extends TrailError {
  override readonly name = 'LabelStudioShapeError';
  readonly code = 'label_studio_shape';
  constructor(problem: string) {
    super(`labeltrail label-studio: ${problem}; region edits are not logged`);
  }
}

/**
 * Listens to every change of a Label Studio store node. Label Studio has no edit callback and
 * does not export mobx-state-tree; each node carries its tree node on `$treenode`, whose
 * `onPatch` is what mobx-state-tree's own `onPatch(node, listener)` calls. Returns the
 * function that stops listening, or the error saying what the store lacks (never throws).
 */
export function watchPatches(
  node: StoreNode | undefined,
  listener: (patch: StorePatch) => void,
): (() => void) | LabelStudioShapeError {
  const treeNode = (node as { $treenode?: { onPatch?: unknown } } | undefined)?.$treenode;
  if (typeof treeNode?.onPatch !== 'function') return new LabelStudioShapeError('the store has no $treenode.onPatch');
  try {
    const stop: unknown = treeNode.onPatch.call(treeNode, listener);
    if (typeof stop !== 'function') return new LabelStudioShapeError('$treenode.onPatch returned no disposer');
    return stop as () => void;
  } catch (error) {
    return new LabelStudioShapeError(`$treenode.onPatch threw: ${String(error)}`);
  }
}
