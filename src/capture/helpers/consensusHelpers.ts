import type { TrailEvent } from '../../events/schema.js';
import { compact } from '../lib/compact.js';
import type { ActionPlace, LabelAction } from './actions.js';
import type { HelperContext } from './HelperContext.js';
import { labelRef } from './placeFields.js';

/** Consensus workflow actions. */
export interface ConsensusHelpers {
  approve(action: LabelAction): TrailEvent | undefined;
  unapprove(action: LabelAction): TrailEvent | undefined;
  /** Consensus reached; `labels` lists the agreeing instance ids when known. */
  reached(action?: ActionPlace & { readonly labels?: readonly string[] }): TrailEvent | undefined;
}

export function consensusHelpers({ track, place }: HelperContext): ConsensusHelpers {
  return {
    approve: (action) => track('consensus.approved', compact({ ...place(action), label: labelRef(action) })),
    unapprove: (action) => track('consensus.unapproved', compact({ ...place(action), label: labelRef(action) })),
    reached: (action) =>
      track('consensus.reached', place(action, action?.labels ? { labels: [...action.labels] } : undefined)),
  };
}
