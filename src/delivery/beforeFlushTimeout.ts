import { FLUSH_TIMEOUT_GRACE_MS } from '../defaults.js';
import { TrailDeliveryError } from './TrailDeliveryError.js';

/**
 * `work`, unless `timeoutMs` (and a short grace, for the flush's own waits to name their cause)
 * passes first: then a `flush_timeout` rejection, as when delivery takes too long. Any request
 * to the queue can hang (in WebKit, a page kept in the back/forward cache mid-write holds its
 * transaction, and other pages' requests wait behind it); a flush with a timeout must still
 * answer in time.
 */
export function beforeFlushTimeout<T>(work: Promise<T>, timeoutMs: number | undefined): Promise<T> {
  if (timeoutMs === undefined) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TrailDeliveryError(undefined, `flush timed out after ${timeoutMs} ms`, 0, 'flush_timeout')),
      timeoutMs + FLUSH_TIMEOUT_GRACE_MS,
    );
  });
  return Promise.race([work, timedOut]).finally(() => clearTimeout(timer));
}
