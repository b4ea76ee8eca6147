import { leaseLeadership } from './leaseLeadership.js';

/** The origin's localStorage, or nothing where it is missing or blocked (reading it throws). */
const localStore = (): Storage | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
};

/**
 * Competes for the right to deliver: exactly one tab of the origin holds the Web Lock at
 * a time, and when that tab closes or crashes the browser hands the lock to the next
 * waiting tab. Web Locks exist only in secure contexts: on an `http:` origin other than
 * localhost one tab delivers through a heartbeat lease in localStorage instead
 * (`leaseLeadership`); where both are missing, this tab delivers on its own.
 * Returns a function that gives up the lock or lease (or stops waiting for it).
 */
export function holdLeadership(name: string, onChange: (leader: boolean) => void): () => void {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks?.request) {
    const storage = localStore();
    if (storage) {
      const win = typeof window === 'undefined' ? undefined : window;
      return leaseLeadership(name, onChange, { storage, window: win });
    }
    onChange(true);
    return () => onChange(false);
  }
  const waiting = new AbortController();
  let release: (() => void) | undefined;
  let held = false;
  locks
    .request(name, { mode: 'exclusive', signal: waiting.signal }, () => {
      held = true;
      onChange(true);
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    })
    .catch(() => undefined); // AbortError when we stop waiting
  return () => {
    waiting.abort();
    release?.();
    if (held) onChange(false);
    held = false;
  };
}
