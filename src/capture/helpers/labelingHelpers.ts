import type { TrailEvent } from '../../events/schema.js';
import type { ActionPlace } from './actions.js';
import type { HelperContext } from './HelperContext.js';

/** Start / end of a labeling session on an item. */
export interface LabelingHelpers {
  start(action?: ActionPlace): TrailEvent | undefined;
  end(action?: ActionPlace): TrailEvent | undefined;
}

export function labelingHelpers({ track, place }: HelperContext): LabelingHelpers {
  return {
    start: (action) => track('labeling.started', place(action)),
    end: (action) => track('labeling.ended', place(action)),
  };
}
