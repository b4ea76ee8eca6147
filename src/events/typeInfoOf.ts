import { eventTypes, isEventType, type EventKind } from './taxonomy.js';

/**
 * The category and kind of an event: a built-in type's from the taxonomy, a custom type's
 * from its envelope (which must carry them). Undefined for an envelope that has neither.
 *
 * @example
 * typeInfoOf({ type: 'label.added' }); // { category: 'label', kind: 'create' }
 * typeInfoOf({ type: 'project.exported', category: 'project', kind: 'create' }); // the same two, from the envelope
 */
export function typeInfoOf(event: {
  readonly type: string;
  readonly category?: string | undefined;
  readonly kind?: EventKind | undefined;
}): { readonly category: string; readonly kind: EventKind } | undefined {
  if (isEventType(event.type)) return eventTypes[event.type];
  return event.category !== undefined && event.kind !== undefined
    ? { category: event.category, kind: event.kind }
    : undefined;
}
