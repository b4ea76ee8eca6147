import { TrailDeliveryError } from './TrailDeliveryError.js';

/**
 * `work`, unless `timeoutMs` passes first: then a `flush_timeout` rejection, as when delivery
 * takes too long. A write to the queue can hang (in WebKit, a page kept in the back/forward
 * cache mid-write holds its transaction, and other pages' writes wait behind it); a flush
 * with a timeout must still answer in time.
 */
export function beforeFlushTimeout<T>(work: Promise<T>, timeoutMs: number | undefined): Promise<T> {
  if (timeoutMs === undefined) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TrailDeliveryError(undefined, `flush timed out after ${timeoutMs} ms`, 0, 'flush_timeout')),
      timeoutMs,
    );
  });
  return Promise.race([work, timedOut]).finally(() => clearTimeout(timer));
}
