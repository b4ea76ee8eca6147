import type { TrailEvent } from '../../events/schema.js';
import type { EventType } from '../../events/taxonomy.js';
import { compact } from '../lib/compact.js';
import type { LabelAction } from './actions.js';
import type { HelperContext } from './HelperContext.js';
import { labelRef } from './placeFields.js';

/** Low-level figure events (editor shapes, without an action number). */
export interface FigureHelpers {
  create(action: LabelAction): TrailEvent | undefined;
  update(action: LabelAction): TrailEvent | undefined;
  disable(action: LabelAction): TrailEvent | undefined;
  restore(action: LabelAction): TrailEvent | undefined;
}

/** Figure events; each is work on the open item. */
export function figureHelpers({ track, place, touch }: HelperContext): FigureHelpers {
  const figureEvent = (type: EventType) => (action: LabelAction) => {
    touch();
    return track(type, compact({ ...place(action), label: labelRef(action), durationMs: action.durationMs }));
  };
  return {
    create: figureEvent('figure.created'),
    update: figureEvent('figure.updated'),
    disable: figureEvent('figure.disabled'),
    restore: figureEvent('figure.restored'),
  };
}
