import type { TrailEvent } from '../../events/schema.js';
import type { EventType } from '../../events/taxonomy.js';
import { compact } from '../lib/compact.js';
import type { TaskAction } from './actions.js';
import type { HelperContext } from './HelperContext.js';

/** Task submission and review. */
export interface TaskHelpers {
  submit(action?: TaskAction): TrailEvent | undefined;
  approve(action?: TaskAction): TrailEvent | undefined;
  reject(action?: TaskAction): TrailEvent | undefined;
}

/** Task events; `task` may be given flat or in `context`. */
export function taskHelpers(context: HelperContext): TaskHelpers {
  const taskEvent =
    (type: EventType) =>
    (action: TaskAction = {}) =>
      context.track(
        type,
        context.place(
          { ...action, context: compact({ ...action.context, task: action.task ?? action.context?.task }) },
          compact({ comment: action.comment }),
        ),
      );
  return {
    submit: taskEvent('task.submitted'),
    approve: taskEvent('task.approved'),
    reject: taskEvent('task.rejected'),
  };
}
