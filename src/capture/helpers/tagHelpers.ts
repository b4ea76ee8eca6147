import type { TrailEvent } from '../../events/schema.js';
import type { EventType } from '../../events/taxonomy.js';
import { compact } from '../lib/compact.js';
import type { TagAction } from './actions.js';
import type { HelperContext } from './HelperContext.js';

/** Tags on items or figures. */
export interface TagHelpers {
  attach(action: TagAction): TrailEvent | undefined;
  update(action: TagAction): TrailEvent | undefined;
  detach(action: TagAction): TrailEvent | undefined;
}

/** Tag events; each is work on the open item, and a figure's tag names the figure as its label. */
export function tagHelpers({ track, place, touch }: HelperContext): TagHelpers {
  const tagEvent = (type: EventType) => (action: TagAction) => {
    touch();
    return track(
      type,
      compact({
        ...place(action, compact({ tag: action.tag, value: action.value, figure: action.figure })),
        label: action.figure ? { id: action.figure } : undefined,
      }),
    );
  };
  return {
    attach: tagEvent('tag.attached'),
    update: tagEvent('tag.updated'),
    detach: tagEvent('tag.detached'),
  };
}
