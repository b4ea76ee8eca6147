import { FLUSH_TIMEOUT_GRACE_MS } from '../defaults.js';
import { TrailDeliveryError } from './TrailDeliveryError.js';

/**
 * `work`, unless `timeoutMs` (and a short grace, for the flush's own waits to name their cause)
 * passes first: then a rejection, `storage_unavailable` while IndexedDB has not opened (as
 * waitForStore says), else `flush_timeout` (as when delivery takes too long). Any request to
 * the queue can hang (in WebKit, a page kept in the back/forward cache mid-write holds its
 * transaction, and other pages' requests wait behind it); a flush with a timeout must still
 * answer in time.
 */
export function beforeFlushTimeout<T>(
  work: Promise<T>,
  timeoutMs: number | undefined,
  storage: { readonly notOpen: boolean },
): Promise<T> {
  if (timeoutMs === undefined) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(timeoutMs, storage.notOpen)), timeoutMs + FLUSH_TIMEOUT_GRACE_MS);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function timeoutError(timeoutMs: number, notOpen: boolean): TrailDeliveryError {
  return notOpen
    ? new TrailDeliveryError(undefined, `IndexedDB did not open within ${timeoutMs} ms`, 0, 'storage_unavailable')
    : new TrailDeliveryError(undefined, `flush timed out after ${timeoutMs} ms`, 0, 'flush_timeout');
}
