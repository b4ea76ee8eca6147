/**
 * The objects of fabric's ActiveSelection (several objects the user selected together, moved
 * and scaled as one), or undefined for any other object. The selection itself is never on the
 * canvas and is no label: its change is a change of each object in it. Recognised the way
 * fabric itself does (`multiSelectionStacking`), since its class is never imported here.
 */
export function selectionMembers(object: unknown): readonly object[] | undefined {
  if (typeof object !== 'object' || object === null || !('multiSelectionStacking' in object)) return undefined;
  const getObjects = (object as { getObjects?: unknown }).getObjects;
  if (typeof getObjects !== 'function') return undefined;
  const members: unknown = getObjects.call(object);
  return Array.isArray(members) ? members.filter((m): m is object => typeof m === 'object' && m !== null) : undefined;
}
