// IndexedDB requests as promises, the little the queue needs of what a wrapper library offers.
// A promise settled from a request's event handler runs its continuations as microtasks while
// the event is still being dispatched, when the transaction is active: code may await one
// request and then issue the next in the same transaction
// (https://w3c.github.io/IndexedDB/#fire-a-success-event). Awaiting anything else (a timer, a
// fetch) in between lets the transaction commit.

/** The request's result; its error (a DOMException, e.g. QuotaExceededError) as the rejection. */
export function result<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    // Handler properties, not listeners: a cursor's request fires again after each
    // `continue()`, and each step replaces the previous step's handlers.
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Moves the cursor on: the same cursor at the next record, or null past the last. */
export function next<C extends IDBCursor>(cursor: C): Promise<C | null> {
  cursor.continue();
  return result<C | null>(cursor.request);
}

/**
 * Settles when the transaction has committed, or rejects with the reason it aborted. Call it
 * while the transaction is still running (right after awaiting one of its requests): a
 * transaction that has already finished fires nothing more, and the promise would never settle.
 */
export function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // `error` arrives from a failed request (its target is the request), `abort` from the
    // transaction itself (a commit over quota, or `abort()`, which gives no error).
    tx.onerror = tx.onabort = (event) =>
      reject((event.target as IDBRequest | IDBTransaction).error ?? new DOMException('aborted', 'AbortError'));
  });
}
