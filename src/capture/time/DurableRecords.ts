import { openDB, type IDBPDatabase } from 'idb';
import type { ErrorSink } from '../lib/safe.js';

const STORE = 'records';

/**
 * A copy of the timer records in IndexedDB, for a crash of the whole browser: Chromium
 * writes localStorage to disk only every few seconds, so a killed browser process loses its
 * last seconds of records, while an IndexedDB write is on disk once its transaction
 * completes. localStorage stays the synchronous copy a reload reads.
 */
export class DurableRecords {
  readonly #db: Promise<IDBPDatabase | undefined>;
  readonly #onError: ErrorSink;

  constructor(name: string, onError: ErrorSink) {
    this.#onError = onError;
    let open: Promise<IDBPDatabase> | undefined;
    try {
      // Reading `indexedDB` itself throws where storage is blocked (a SecurityError).
      open =
        typeof indexedDB === 'undefined'
          ? undefined
          : openDB(name, 1, { upgrade: (db) => db.createObjectStore(STORE) });
    } catch (error) {
      onError(error);
    }
    this.#db = (open ?? Promise.resolve(undefined)).catch((error: unknown) => {
      onError(error);
      return undefined;
    });
  }

  put(key: string, value: string): void {
    void this.#run((db) => db.put(STORE, value, key));
  }

  delete(key: string): void {
    void this.#run((db) => db.delete(STORE, key));
  }

  get(key: string): Promise<string | undefined> {
    return this.#run((db) => db.get(STORE, key) as Promise<string | undefined>);
  }

  /** Every stored record by key. */
  async all(): Promise<Map<string, string>> {
    const entries = new Map<string, string>();
    await this.#run(async (db) => {
      const tx = db.transaction(STORE);
      for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue())
        entries.set(String(cursor.key), String(cursor.value));
    });
    return entries;
  }

  close(): void {
    void this.#db.then((db) => db?.close());
  }

  async #run<T>(action: (db: IDBPDatabase) => Promise<T>): Promise<T | undefined> {
    try {
      const db = await this.#db;
      return db ? await action(db) : undefined;
    } catch (error) {
      this.#onError(error);
      return undefined;
    }
  }
}
