import {
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPObjectStore,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';
import { REJECTED_KEEP_MAX } from '../defaults.js';
import type { TrailEvent } from '../events/schema.js';
import {
  dropOldest,
  noDrops,
  parkRejected,
  pickBatch,
  settleChunk,
  type AppendResult,
  type Chunk,
  type NewChunk,
  type Queue,
  type QueueLimits,
  type QueueTotals,
  type RejectedEvent,
  type TakenBatch,
} from './Queue.js';

/**
 * The database, one per origin and name. `meta` holds one record, 'totals', kept in step with
 * `chunks` inside the same transactions, so that every tab enforces the same bounds without
 * scanning the store. Chunk and rejected keys are autoIncrement, kept outside the values.
 */
interface TrailDB extends DBSchema {
  chunks: { key: number; value: Chunk };
  // 'totals', and 'rewritten': the highest key of a chunk rewritten in place, if any (see `settleIn`).
  meta: { key: string; value: QueueTotals | number };
  rejected: { key: number; value: RejectedEvent };
}
type Db = IDBPDatabase<TrailDB>;
type Tx<S extends StoreNames<TrailDB>[], M extends IDBTransactionMode> = IDBPTransaction<TrailDB, S, M>;
type Names = ArrayLike<StoreNames<TrailDB>>;
type Store<N extends StoreNames<TrailDB>> = IDBPObjectStore<TrailDB, ['chunks', 'meta'], N, 'readwrite'>;

const EMPTY: QueueTotals = { events: 0, bytes: 0 };
/**
 * 2: chunk keys are kept outside the stored value (see `upgrade`). 3: chunks rewritten in place
 * are noted in meta 'rewritten' (see `settleIn`); a tab of an earlier version, which would not
 * note them, can no longer open the database.
 */
const DB_VERSION = 3;

/** A chunk as stored: its key lives outside the value. */
function stripKey(chunk: Chunk): Chunk {
  const { key: _key, ...rest } = chunk;
  return rest;
}

/**
 * Runs `body` in `tx` and resolves once the transaction has committed. On failure the commit's
 * own rejection (the same error, or the abort) is handled here so it is never left unhandled.
 */
async function inTx<T>(tx: { done: Promise<void> }, body: () => Promise<T>): Promise<T> {
  try {
    const value = await body();
    await tx.done;
    return value;
  } catch (error) {
    tx.done.catch(() => undefined);
    throw error;
  }
}

/** Totals from the chunks themselves: for when the totals record is missing (see `settle`). */
async function recount<S extends Names, M extends IDBTransactionMode>(
  chunks: IDBPObjectStore<TrailDB, S, 'chunks', M>,
): Promise<QueueTotals> {
  const sum = { events: 0, bytes: 0 };
  for (let c = await chunks.openCursor(); c; c = await c.continue()) {
    sum.events += c.value.events.length;
    sum.bytes += c.value.bytes;
  }
  return sum;
}

/**
 * Version 1 kept each chunk's key inside the value (a key path). The chunks move, keys kept, to
 * a store with keys outside the value: the key path made each write about twice as slow in
 * Chromium, which clones the value again to insert the key. A failure aborts the upgrade, so
 * version 1 stays as it was rather than a half-moved store being committed.
 */
function moveVersion1Chunks(db: Db, tx: Tx<StoreNames<TrailDB>[], 'versionchange'>): void {
  const old = tx.objectStore('chunks');
  Promise.all([old.getAll(), old.getAllKeys()])
    .then(([values, keys]) => {
      db.deleteObjectStore('chunks');
      const store = db.createObjectStore('chunks', { autoIncrement: true });
      return Promise.all(values.map((value, i) => store.put(stripKey(value), keys[i])));
    })
    .catch(() => tx.abort());
}

/** Creates the stores, or brings an older database up to date, in the upgrade's transaction. */
function upgrade(db: Db, oldVersion: number, tx: Tx<StoreNames<TrailDB>[], 'versionchange'>): void {
  if (oldVersion === 1) return moveVersion1Chunks(db, tx);
  // Version 2 has every store; no chunk of it can be in a batch taken by this version.
  if (oldVersion === 2) return;
  // A new database starts with its totals record: without one, the first write would read
  // back every chunk it had just written to count them (see `recount`).
  void db.createObjectStore('meta').put(EMPTY, 'totals');
  db.createObjectStore('rejected', { autoIncrement: true });
  db.createObjectStore('chunks', { autoIncrement: true });
}

/**
 * The durable queue, in IndexedDB, shared by every tab of the origin. One value per chunk:
 * a `put()` costs about the same whatever its size, so chunks make writes cheap.
 */
export class IdbQueue implements Queue {
  #db: Promise<Db> | undefined;
  #closed = false;
  // `at` of the oldest chunk as of the last scan in `append`. Chunks are only ever added after
  // it (with a later `at`) or removed, so while the queue is within its count and byte bounds
  // and this is not past the age bound, the scan would drop nothing: skipping it saves reading
  // (and cloning) the oldest chunk on every write, most of a write's cost.
  #oldestAt: number | undefined;

  readonly #name: string;
  readonly #limits: QueueLimits;

  private constructor(name: string, limits: QueueLimits) {
    this.#name = name;
    this.#limits = limits;
  }

  /** Opens (or creates) the database; rejects when IndexedDB is missing or refused. */
  static async open(name: string, limits: QueueLimits): Promise<IdbQueue> {
    if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
    const queue = new IdbQueue(name, limits);
    await queue.#connection();
    return queue;
  }

  #connection(): Promise<Db> {
    // Once closed, nothing opens the database again (a late timer or a retry).
    if (this.#closed) return Promise.reject(new Error('the queue is closed'));
    return (this.#db ??= this.#open());
  }

  #open(): Promise<Db> {
    // A broken implementation may hand back no request at all: idb then fails at once with a
    // TypeError, and the trail falls back to memory without waiting for the open timeout.
    const opened = new Promise<Db>((resolve) =>
      resolve(
        openDB<TrailDB>(this.#name, DB_VERSION, {
          upgrade: (db, oldVersion, _newVersion, tx) => upgrade(db, oldVersion, tx),
          // An older tab still holds the database open: its `blocking` below closes it, then this goes on.
          blocked: () => undefined,
          // Another tab wants a newer version: let go, and open again on the next operation.
          blocking: () => this.#drop(),
          // The browser closed the connection (storage cleared, disk error): forget it.
          terminated: () => {
            this.#db = undefined;
          },
        }),
      ),
    );
    return opened.catch((error: unknown) => {
      this.#db = undefined;
      throw error;
    });
  }

  #drop(): void {
    const db = this.#db;
    this.#db = undefined;
    void db?.then(
      (d) => d.close(),
      () => undefined,
    );
  }

  /** Runs `op`, reopening once if the connection had been closed under it. */
  async #run<T>(op: (db: Db) => Promise<T>): Promise<T> {
    try {
      return await op(await this.#connection());
    } catch (error) {
      if ((error as DOMException)?.name !== 'InvalidStateError' || this.#closed) throw error;
      this.#drop();
      return op(await this.#connection());
    }
  }

  appendChunks(list: readonly NewChunk[], now: number): Promise<AppendResult> {
    return this.#run((db) => {
      const tx = db.transaction(['chunks', 'meta'], 'readwrite');
      return inTx(tx, () => this.#append(tx.objectStore('chunks'), tx.objectStore('meta'), list, now));
    });
  }

  async #append(
    chunks: Store<'chunks'>,
    meta: Store<'meta'>,
    list: readonly NewChunk[],
    now: number,
  ): Promise<AppendResult> {
    // Every request is issued before the first is awaited: they run in order inside the
    // transaction without a round trip between them. Only the last key is needed.
    const [stored, ...keys] = await Promise.all([
      meta.get('totals') as Promise<QueueTotals | undefined>,
      ...list.map(({ events, bytes }) => chunks.add({ events: events as TrailEvent[], bytes, at: now })),
    ]);
    const key = (keys.at(-1) as number | undefined) ?? 0;
    const added = list.reduce((t, c) => ({ events: t.events + c.events.length, bytes: t.bytes + c.bytes }), EMPTY);
    // Without a totals record (see `settle`) count the store, which now holds the new chunks too.
    const sum = stored
      ? { events: stored.events + added.events, bytes: stored.bytes + added.bytes }
      : await recount(chunks);
    if ((stored ?? { events: sum.events - added.events }).events === 0) this.#oldestAt = now;
    const dropped = await this.#enforceBounds(chunks, meta, sum, now);
    await meta.put(dropped.sum, 'totals');
    return { key, ...dropped.counts, totals: dropped.sum };
  }

  /** Drops the oldest events until the queue fits its bounds again; skipped while it surely fits. */
  async #enforceBounds(chunks: Store<'chunks'>, meta: Store<'meta'>, start: QueueTotals, now: number) {
    let sum = start;
    const counts = noDrops();
    const within = sum.events <= this.#limits.maxEvents && sum.bytes <= this.#limits.maxBytes;
    const mayExpire = this.#oldestAt === undefined || now - this.#oldestAt > this.#limits.maxAgeMs;
    if (within && !mayExpire) return { sum, counts };
    this.#oldestAt = undefined;
    for (let cursor = await chunks.openCursor(); cursor; cursor = await cursor.continue()) {
      const dropped = dropOldest(cursor.value, sum, this.#limits, now, counts);
      if (!dropped) {
        this.#oldestAt = cursor.value.at;
        break;
      }
      const [rest, after] = dropped;
      sum = after;
      if (rest) await markRewritten(meta, cursor.primaryKey);
      await (rest ? cursor.update(rest) : cursor.delete());
    }
    return { sum, counts };
  }

  take(maxEvents: number, maxBytes: number): Promise<TakenBatch> {
    return this.takeAfter(0, maxEvents, maxBytes);
  }

  takeAfter(afterKey: number, maxEvents: number, maxBytes: number): Promise<TakenBatch> {
    return this.#run(async (db) => {
      const read: Chunk[] = [];
      let events = 0;
      let bytes = 0;
      const range = afterKey > 0 ? IDBKeyRange.lowerBound(afterKey, true) : null;
      const store = db.transaction('chunks').store;
      for (let cursor = await store.openCursor(range); cursor; cursor = await cursor.continue()) {
        read.push({ ...cursor.value, key: cursor.primaryKey });
        events += cursor.value.events.length;
        bytes += cursor.value.bytes;
        if (events >= maxEvents || bytes >= maxBytes) break;
      }
      return pickBatch(read, maxEvents, maxBytes);
    });
  }

  settle(batch: TakenBatch, rejected: ReadonlyMap<string, string>, now: number): Promise<QueueTotals> {
    return this.#run(async (db) => {
      try {
        const tx = db.transaction(['chunks', 'meta', 'rejected'], 'readwrite');
        return await inTx(tx, () => settleIn(tx, batch, rejected, now));
      } catch (error) {
        if ((error as DOMException)?.name !== 'QuotaExceededError') throw error;
        return settleOverQuota(db, batch);
      }
    });
  }

  highestKey(): Promise<number> {
    return this.#run(async (db) => {
      const cursor = await db.transaction('chunks').store.openKeyCursor(null, 'prev');
      return cursor?.key ?? 0;
    });
  }

  /** Chunks still stored with a key up to `key`: one key-range count, no values read. */
  pendingChunks(upToKey: number): Promise<number> {
    return this.#run((db) => db.count('chunks', IDBKeyRange.upperBound(upToKey)));
  }

  totals(): Promise<QueueTotals> {
    return this.#run(
      async (db) =>
        ((await db.get('meta', 'totals')) as QueueTotals | undefined) ??
        (await recount(db.transaction('chunks').store)),
    );
  }

  rejected(): Promise<RejectedEvent[]> {
    return this.#run((db) => db.getAll('rejected'));
  }

  close(): void {
    this.#closed = true;
    this.#drop();
  }
}

/** Notes that the chunk `key` was rewritten in place: a settle must read it again. */
async function markRewritten<S extends Names>(
  meta: IDBPObjectStore<TrailDB, S, 'meta', 'readwrite'>,
  key: number,
): Promise<void> {
  if ((((await meta.get('rewritten')) as number | undefined) ?? 0) < key) await meta.put(key, 'rewritten');
}

async function settleIn(
  tx: Tx<['chunks', 'meta', 'rejected'], 'readwrite'>,
  batch: TakenBatch,
  rejected: ReadonlyMap<string, string>,
  now: number,
): Promise<QueueTotals> {
  const chunks = tx.objectStore('chunks');
  const meta = tx.objectStore('meta');
  const parked = tx.objectStore('rejected');
  const ids = new Set(batch.events.map((e) => e.id));
  let sum = ((await meta.get('totals')) as QueueTotals | undefined) ?? (await recount(chunks));
  // Chunks taken whole, all still there and above every chunk rewritten in place, are as they
  // were taken: they leave in one delete, without being read again (most of a settle's cost).
  // Otherwise each is read again in this transaction: another tab may have trimmed or removed it.
  const rewritten = ((await meta.get('rewritten')) as number | undefined) ?? 0;
  const range =
    batch.whole === batch.events.length &&
    batch.keys[0]! > rewritten &&
    IDBKeyRange.bound(batch.keys[0], batch.keys.at(-1));
  if (range && (await chunks.count(range)) === batch.keys.length) {
    sum = { events: sum.events - batch.events.length, bytes: sum.bytes - batch.bytes };
    await chunks.delete(range);
  } else {
    for (const key of batch.keys) {
      const chunk = await chunks.get(key);
      if (!chunk) continue;
      const [rest, after] = settleChunk(chunk, ids, sum);
      sum = after;
      if (rest) await markRewritten(meta, key);
      await (rest ? chunks.put(rest, key) : chunks.delete(key));
    }
  }
  await parkRejected(batch, rejected, now, (entry) => parked.add(entry));
  if (rejected.size) {
    let excess = (await parked.count()) - REJECTED_KEEP_MAX;
    for (let cursor = await parked.openCursor(); cursor && excess > 0; cursor = await cursor.continue(), excess--) {
      await cursor.delete();
    }
  }
  await meta.put(sum, 'totals');
  return sum;
}

/**
 * Over quota the browser refuses every transaction that writes, so the delivered events could
 * never leave and would be sent again and again. Deleting is still allowed: remove the chunks
 * fully delivered, and the totals record, which the next operation recounts from the chunks.
 */
async function settleOverQuota(db: Db, batch: TakenBatch): Promise<QueueTotals> {
  const ids = new Set(batch.events.map((e) => e.id));
  const tx = db.transaction(['chunks', 'meta'], 'readwrite');
  await inTx(tx, async () => {
    const chunks = tx.objectStore('chunks');
    for (const key of batch.keys) {
      const chunk = await chunks.get(key);
      if (chunk && chunk.events.every((e) => ids.has(e.id))) await chunks.delete(key);
    }
    await tx.objectStore('meta').delete('totals');
  });
  return recount(db.transaction('chunks').store);
}
