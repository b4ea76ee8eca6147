import { REJECTED_KEEP_MAX } from '../defaults.js';
import type { TrailEvent } from '../events/schema.js';
import { done, next, result } from './lib/idbRequest.js';
import {
  countNotices,
  eventsToDrop,
  pickBatch,
  trimChunk,
  type AppendResult,
  type Chunk,
  type DropCounts,
  type NewChunk,
  type Queue,
  type QueueLimits,
  type QueueTotals,
  type RejectedEvent,
  type TakenBatch,
} from './Queue.js';

// The database, one per origin and name:
// - 'chunks': Chunk values, keys (autoIncrement) kept outside the value;
// - 'meta': one record, 'totals', kept in step with `chunks` inside the same transactions, so
//   that every tab enforces the same bounds without scanning the store;
// - 'rejected': RejectedEvent values, autoIncrement keys.
type StoreName = 'chunks' | 'meta' | 'rejected';

const EMPTY: QueueTotals = { events: 0, bytes: 0 };
/** 2: chunk keys are kept outside the stored value (see `upgrade`). */
const DB_VERSION = 2;

/** A chunk as stored: its key lives outside the value. */
function stripKey(chunk: Chunk): Chunk {
  const { key: _key, ...rest } = chunk;
  return rest;
}

/** One store, in a read-only transaction of its own. */
function reading(db: IDBDatabase, name: StoreName): IDBObjectStore {
  return db.transaction(name).objectStore(name);
}

/** Totals from the chunks themselves: for when the totals record is missing (see `settle`). */
async function recount(chunks: IDBObjectStore): Promise<QueueTotals> {
  let events = 0;
  let bytes = 0;
  for (let cursor = await result(chunks.openCursor()); cursor; cursor = await next(cursor)) {
    const chunk: Chunk = cursor.value;
    events += chunk.events.length;
    bytes += chunk.bytes;
  }
  return { events, bytes };
}

/** Creates the stores, or brings an older database up to date, in the upgrade's transaction. */
function upgrade(db: IDBDatabase, oldVersion: number, tx: IDBTransaction): void {
  if (oldVersion < 1) {
    // A new database starts with its totals record: without one, the first write would read
    // back every chunk it had just written to count them (see `recount`).
    db.createObjectStore('meta').put(EMPTY, 'totals');
    db.createObjectStore('rejected', { autoIncrement: true });
  } else if (oldVersion < 2) {
    // Version 1 kept each chunk's key inside the value (a key path). Moving the chunks, keys
    // kept, to a store with keys outside the value: the key path made each write about twice
    // as slow in Chromium, which clones the value again to insert the key.
    // A handler rather than a promise: an exception thrown in a request's handler aborts the
    // upgrade and leaves version 1 as it was, where a rejected promise would go unnoticed
    // and the half-moved store would be committed.
    const old = tx.objectStore('chunks');
    const values = old.getAll();
    const keys = old.getAllKeys();
    // Requests complete in the order they were made: the values are there with the keys.
    keys.onsuccess = () => {
      db.deleteObjectStore('chunks');
      const store = db.createObjectStore('chunks', { autoIncrement: true });
      (values.result as Chunk[]).forEach((value, i) => store.put(stripKey(value), keys.result[i]));
    };
    return;
  }
  db.createObjectStore('chunks', { autoIncrement: true });
}

/**
 * The durable queue, in IndexedDB, shared by every tab of the origin. One value per chunk:
 * a `put()` costs about the same whatever its size, so chunks make writes cheap.
 */
export class IdbQueue implements Queue {
  #db: Promise<IDBDatabase> | undefined;
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

  #connection(): Promise<IDBDatabase> {
    return (this.#db ??= this.#open());
  }

  #open(): Promise<IDBDatabase> {
    const request = indexedDB.open(this.#name, DB_VERSION);
    // A broken implementation may hand back no request at all: failing now lets the trail
    // fall back to memory at once instead of after the open timeout.
    if (!(request instanceof IDBRequest)) throw new TypeError('open() returned no request');
    request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion, request.transaction!);
    return result(request).then(
      (db) => {
        // Another tab wants a newer version, or the browser closed the connection (storage
        // cleared, disk error): let go, and open again on the next operation.
        db.onversionchange = () => this.#drop();
        db.onclose = () => {
          this.#db = undefined;
        };
        return db;
      },
      (error: unknown) => {
        this.#db = undefined;
        throw error;
      },
    );
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
  async #run<T>(op: (db: IDBDatabase) => Promise<T>): Promise<T> {
    try {
      return await op(await this.#connection());
    } catch (error) {
      if ((error as DOMException)?.name !== 'InvalidStateError') throw error;
      this.#drop();
      return op(await this.#connection());
    }
  }

  appendChunks(list: readonly NewChunk[], now: number): Promise<AppendResult> {
    return this.#run(async (db) => {
      const tx = db.transaction(['chunks', 'meta'], 'readwrite');
      const chunks = tx.objectStore('chunks');
      const meta = tx.objectStore('meta');
      // Every request is issued before the first is awaited: they run in order inside the
      // transaction without a round trip between them. Only the last key is needed.
      const totals = result<QueueTotals | undefined>(meta.get('totals'));
      const keys = list.map(({ events, bytes }) =>
        result(chunks.add({ events: events as TrailEvent[], bytes, at: now })),
      );
      const stored = await totals;
      const key = ((await Promise.all(keys)).at(-1) as number | undefined) ?? 0;
      const added = list.reduce((t, c) => ({ events: t.events + c.events.length, bytes: t.bytes + c.bytes }), EMPTY);
      // Without a totals record (see `settle`) count the store, which now holds the new chunks too.
      let sum = stored
        ? { events: stored.events + added.events, bytes: stored.bytes + added.bytes }
        : await recount(chunks);
      const before = stored ?? { events: sum.events - added.events, bytes: sum.bytes - added.bytes };
      let droppedFull = 0;
      let droppedExpired = 0;
      const droppedNotices: DropCounts = { queue_full: 0, expired: 0 };
      const within = sum.events <= this.#limits.maxEvents && sum.bytes <= this.#limits.maxBytes;
      // An empty store before this write holds only the chunks just added, all written now.
      if (before.events === 0) this.#oldestAt = now;
      const mayExpire = this.#oldestAt === undefined || now - this.#oldestAt > this.#limits.maxAgeMs;
      if (!within || mayExpire) this.#oldestAt = undefined;
      for (
        let cursor = within && !mayExpire ? null : await result(chunks.openCursor());
        cursor;
        cursor = await next(cursor)
      ) {
        const chunk: Chunk = cursor.value;
        const { n, expired } = eventsToDrop(chunk, sum, this.#limits, now);
        if (n === 0) {
          this.#oldestAt = chunk.at;
          break;
        }
        if (expired) droppedExpired += n;
        else droppedFull += n;
        countNotices(chunk.events.slice(0, n), droppedNotices);
        const rest = trimChunk(chunk, n);
        sum = { events: sum.events - n, bytes: sum.bytes - (chunk.bytes - rest.bytes) };
        await (rest.events.length ? result(cursor.update(rest)) : result(cursor.delete()));
      }
      await result(meta.put(sum, 'totals'));
      await done(tx);
      return { key, droppedFull, droppedExpired, droppedNotices, totals: sum };
    });
  }

  take(maxEvents: number, maxBytes: number): Promise<TakenBatch> {
    return this.#run(async (db) => {
      const read: Chunk[] = [];
      let events = 0;
      let bytes = 0;
      for (let cursor = await result(reading(db, 'chunks').openCursor()); cursor; cursor = await next(cursor)) {
        const chunk: Chunk = cursor.value;
        read.push({ ...chunk, key: cursor.primaryKey as number });
        events += chunk.events.length;
        bytes += chunk.bytes;
        if (events >= maxEvents || bytes >= maxBytes) break;
      }
      return pickBatch(read, maxEvents, maxBytes);
    });
  }

  settle(batch: TakenBatch, rejected: ReadonlyMap<string, string>, now: number): Promise<QueueTotals> {
    return this.#run(async (db) => {
      try {
        return await this.#settleIn(db, batch, rejected, now);
      } catch (error) {
        if ((error as DOMException)?.name !== 'QuotaExceededError') throw error;
        // Over quota the browser refuses every transaction that writes, so the delivered
        // events could never leave and would be sent again and again. Deleting is still
        // allowed: remove the chunks fully delivered, and the totals record, which the next
        // operation recounts from the chunks.
        const ids = new Set(batch.events.map((e) => e.id));
        const tx = db.transaction(['chunks', 'meta'], 'readwrite');
        const chunks = tx.objectStore('chunks');
        for (const key of batch.keys) {
          const chunk = await result<Chunk | undefined>(chunks.get(key));
          if (chunk && chunk.events.every((e) => ids.has(e.id))) await result(chunks.delete(key));
        }
        await result(tx.objectStore('meta').delete('totals'));
        await done(tx);
        return recount(reading(db, 'chunks'));
      }
    });
  }

  async #settleIn(
    db: IDBDatabase,
    batch: TakenBatch,
    rejected: ReadonlyMap<string, string>,
    now: number,
  ): Promise<QueueTotals> {
    const tx = db.transaction(['chunks', 'meta', 'rejected'], 'readwrite');
    const chunks = tx.objectStore('chunks');
    const meta = tx.objectStore('meta');
    const parked = tx.objectStore('rejected');
    const ids = new Set(batch.events.map((e) => e.id));
    let sum = (await result<QueueTotals | undefined>(meta.get('totals'))) ?? (await recount(chunks));
    for (const key of batch.keys) {
      // Read again inside this transaction: another tab may have trimmed the chunk.
      const chunk = await result<Chunk | undefined>(chunks.get(key));
      if (!chunk) continue;
      const left = chunk.events.filter((e) => !ids.has(e.id));
      const keptBytes = Math.round((chunk.bytes * left.length) / chunk.events.length);
      sum = { events: sum.events - (chunk.events.length - left.length), bytes: sum.bytes - (chunk.bytes - keptBytes) };
      await (left.length
        ? result(chunks.put({ ...stripKey(chunk), events: left, bytes: keptBytes }, key))
        : result(chunks.delete(key)));
    }
    for (const event of batch.events) {
      const reason = rejected.get(event.id);
      if (reason !== undefined) await result(parked.add({ event, reason, at: now }));
    }
    if (rejected.size) {
      let excess = (await result(parked.count())) - REJECTED_KEEP_MAX;
      for (
        let cursor = await result(parked.openCursor());
        cursor && excess > 0;
        cursor = await next(cursor), excess--
      ) {
        await result(cursor.delete());
      }
    }
    await result(meta.put(sum, 'totals'));
    await done(tx);
    return sum;
  }

  highestKey(): Promise<number> {
    return this.#run(async (db) => {
      const cursor = await result(reading(db, 'chunks').openKeyCursor(null, 'prev'));
      return (cursor?.key as number | undefined) ?? 0;
    });
  }

  pendingUpTo(key: number): Promise<number> {
    return this.#run(async (db) => {
      let n = 0;
      const range = IDBKeyRange.upperBound(key);
      for (let cursor = await result(reading(db, 'chunks').openCursor(range)); cursor; cursor = await next(cursor)) {
        n += (cursor.value as Chunk).events.length;
      }
      return n;
    });
  }

  totals(): Promise<QueueTotals> {
    return this.#run(
      async (db) =>
        (await result<QueueTotals | undefined>(reading(db, 'meta').get('totals'))) ??
        (await recount(reading(db, 'chunks'))),
    );
  }

  rejected(): Promise<RejectedEvent[]> {
    return this.#run((db) => result<RejectedEvent[]>(reading(db, 'rejected').getAll()));
  }

  close(): void {
    this.#drop();
  }
}
