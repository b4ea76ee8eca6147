import type { EventContext, LabelRef } from '../../events/schema.js';
import type { TrackFields } from '../../events/Tracker.js';
import type { ActionPlace, LabelAction } from './actions.js';

type Writable = Record<string, unknown>;

// The flat place fields of an action; each replaces the context's field of that name.
const FLAT = ['frame', 'branch', 'workflowStage'] as const;

/**
 * Lays `from` over `to` as a spread would, then drops what is undefined: a field `from` gives
 * as undefined removes `to`'s. A loop, not spreads: every helper call does it.
 */
function layOver(to: Writable, from: object | undefined): void {
  if (!from) return;
  for (const key in from) {
    const value = (from as Writable)[key];
    if (value !== undefined) to[key] = value;
    // Only a field that is there is deleted: a delete turns the object into a slow dictionary.
    else if (key in to) delete to[key];
  }
}

/**
 * The context and payload of an action: the open item's context, under the action's `context`,
 * under its flat `item`, `frame`, `branch` and `workflowStage`. The item falls back to the open
 * one; the flat fields come from the action only. A payload is set only when there is something
 * in it. Built field by field: helpers sit on the editor's hot path (see `npm run bench`).
 */
export function placeFields(
  openContext: Partial<EventContext> | undefined,
  action: ActionPlace | undefined,
  extraPayload?: Record<string, unknown>,
): TrackFields {
  const given = action?.context;
  const context: Writable = {};
  layOver(context, openContext);
  layOver(context, given);
  const item = action?.item ?? given?.item ?? openContext?.item;
  if (item !== undefined) context['item'] = item;
  for (const key of FLAT) {
    const value = action?.[key] ?? given?.[key];
    if (value !== undefined) context[key] = value;
    else if (key in context) delete context[key];
  }
  const fields: Writable = { context };
  if (extraPayload !== undefined || action?.payload !== undefined) {
    const payload: Writable = Object.assign({}, extraPayload, action?.payload);
    for (const _ in payload) {
      fields['payload'] = payload;
      break;
    }
  }
  return fields as TrackFields;
}

/** The label reference of an action: its id, and its feature and name when given. */
export function labelRef(action: LabelAction): LabelRef {
  const ref: Writable = { id: action.id };
  if (action.feature !== undefined) ref['feature'] = action.feature;
  if (action.name !== undefined) ref['name'] = action.name;
  return ref as unknown as LabelRef;
}
