import type { EventContext, LabelRef } from '../../events/schema.js';
import type { TrackFields } from '../../events/Tracker.js';
import { compact } from '../lib/compact.js';
import type { ActionPlace, LabelAction } from './actions.js';

/**
 * The context and payload of an action: the open item's context, under the action's `context`,
 * under its flat `item`, `frame`, `branch` and `workflowStage`. The item falls back to the open
 * one; a payload is set only when there is something in it.
 */
export function placeFields(
  openContext: Partial<EventContext> | undefined,
  action: ActionPlace | undefined,
  extraPayload?: Record<string, unknown>,
): TrackFields {
  const context = compact({
    ...openContext,
    ...action?.context,
    item: action?.item ?? action?.context?.item ?? openContext?.item,
    frame: action?.frame ?? action?.context?.frame,
    branch: action?.branch ?? action?.context?.branch,
    workflowStage: action?.workflowStage ?? action?.context?.workflowStage,
  });
  const payload = { ...extraPayload, ...action?.payload };
  return compact({ context, payload: Object.keys(payload).length > 0 ? payload : undefined });
}

/** The label reference of an action: its id, and its feature and name when given. */
export const labelRef = (action: LabelAction): LabelRef =>
  compact({ id: action.id, feature: action.feature, name: action.name });
