/**
 * Whether this page has an IndexedDB at all. Where it is missing, or refused on access (a
 * sandboxed frame's SecurityError), no page of this context could have stored anything in it.
 */
export function hasIndexedDB(): boolean {
  try {
    return typeof indexedDB !== 'undefined' && indexedDB !== null;
  } catch {
    return false;
  }
}
