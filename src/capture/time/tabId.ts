import { uuidv7 } from '../../lib/uuidv7.js';

const TAB_KEY = 'labeltrail:tab';

/**
 * This tab's id, kept in sessionStorage so that a reload of the tab (and only of it) finds it
 * again; a new id when sessionStorage is missing or refuses.
 */
export function tabId(storage: Storage | undefined): string {
  try {
    const known = storage?.getItem(TAB_KEY);
    if (known) return known;
    const fresh = uuidv7();
    storage?.setItem(TAB_KEY, fresh);
    return fresh;
  } catch {
    // Storage access throws in sandboxed frames and some privacy modes.
    return uuidv7();
  }
}
