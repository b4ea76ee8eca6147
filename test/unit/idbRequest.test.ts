// The promise helpers over raw IndexedDB: results, errors with their DOMException names, and
// transactions that stay open across awaited requests.
import { expect, test } from 'vitest';
import { done, next, result } from '../../src/queue/lib/idbRequest.js';

let dbCount = 0;

async function openStore(): Promise<IDBDatabase> {
  const request = indexedDB.open(`idb-request-test-${dbCount++}`, 1);
  request.onupgradeneeded = () => request.result.createObjectStore('s', { autoIncrement: true });
  return result(request);
}

test('a transaction stays open across awaited requests, and done() waits for its commit', async () => {
  const db = await openStore();
  const tx = db.transaction('s', 'readwrite');
  const store = tx.objectStore('s');
  const first = await result(store.add('a'));
  expect(await result(store.get(first))).toBe('a');
  // Issued after two awaits: still the same transaction.
  const second = await result(store.add('b'));
  await done(tx);
  expect([first, second]).toEqual([1, 2]);
  expect(await result(db.transaction('s').objectStore('s').getAll())).toEqual(['a', 'b']);
  db.close();
});

test('next() walks a cursor to its end', async () => {
  const db = await openStore();
  const tx = db.transaction('s', 'readwrite');
  const store = tx.objectStore('s');
  for (const value of ['a', 'b', 'c']) store.add(value);
  const seen: string[] = [];
  for (let cursor = await result(store.openCursor()); cursor; cursor = await next(cursor)) seen.push(cursor.value);
  await done(tx);
  expect(seen).toEqual(['a', 'b', 'c']);
  db.close();
});

test('a failed request rejects with its DOMException, and so does the transaction it aborts', async () => {
  const db = await openStore();
  const tx = db.transaction('s', 'readwrite');
  const store = tx.objectStore('s');
  await result(store.add('a', 7));
  const committed = done(tx);
  const error = await result(store.add('again', 7)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DOMException);
  expect((error as DOMException).name).toBe('ConstraintError');
  await expect(committed).rejects.toMatchObject({ name: 'ConstraintError' });
  expect(await result(db.transaction('s').objectStore('s').count())).toBe(0);
  db.close();
});

test('an aborted transaction rejects done() with an AbortError', async () => {
  const db = await openStore();
  const tx = db.transaction('s', 'readwrite');
  await result(tx.objectStore('s').add('a'));
  const committed = done(tx);
  tx.abort();
  await expect(committed).rejects.toMatchObject({ name: 'AbortError' });
  db.close();
});
