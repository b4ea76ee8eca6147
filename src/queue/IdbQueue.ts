import { openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore } from 'idb';
import { REJECTED_KEEP_MAX } from '../defaults.js';
import type { TrailEvent } from '../events/schema.js';
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

interface TrailDB extends DBSchema {
  chunks: { key: number; value: Chunk };
  // One record, 'totals', kept in step with `chunks` inside the same transactions, so that
  // every tab enforces the same bounds without scanning the store.
  meta: { key: string; value: QueueTotals };
  rejected: { key: number; value: RejectedEvent };
}

const EMPTY: QueueTotals = { events: 0, bytes: 0 };
/** 2: chunk keys are kept outside the stored value (see the upgrade). */
const DB_VERSION = 2;

/** A chunk as stored: its key lives outside the value. */
function stripKey(chunk: Chunk): Chunk {
  const { key: _key, ...rest } = chunk;
  return rest;
}

type ChunkStore = { openCursor(): Promise<{ value: Chunk; continue(): Promise<unknown> } | null> };

/** Totals from the chunks themselves: for when the totals record is missing (see `settle`). */
async function recount(chunks: ChunkStore): Promise<QueueTotals> {
  let events = 0;
  let bytes = 0;
  for (let cursor = await chunks.openCursor(); cursor; cursor = (await cursor.continue()) as typeof cursor) {
    events += cursor.value.events.length;
    bytes += cursor.value.bytes;
  }
  return { events, bytes };
}

/**
 * The durable queue, in IndexedDB, shared by every tab of the origin. One value per chunk:
 * a `put()` costs about the same whatever its size, so chunks make writes cheap.
 */
export class IdbQueue implements Queue {
  readonly kind = 'indexeddb';
  #db: Promise<IDBPDatabase<TrailDB>> | undefined;
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

  #connection(): Promise<IDBPDatabase<TrailDB>> {
    this.#db ??= openDB<TrailDB>(this.#name, DB_VERSION, {
      async upgrade(db, oldVersion, _newVersion, tx) {
        if (oldVersion < 1) {
          db.createObjectStore('meta');
          db.createObjectStore('rejected', { autoIncrement: true });
        } else if (oldVersion < 2) {
          // Version 1 kept each chunk's key inside the value (a key path). Moving the chunks,
          // keys kept, to a store with keys outside the value: the key path made each write
          // about twice as slow in Chromium, which clones the value again to insert the key.
          const old = tx.objectStore('chunks' as never) as unknown as IDBPObjectStore<TrailDB, ['chunks'], 'chunks', 'versionchange'>;
          const [values, keys] = await Promise.all([old.getAll(), old.getAllKeys()]);
          db.deleteObjectStore('chunks');
          const store = db.createObjectStore('chunks', { autoIncrement: true });
          await Promise.all(values.map((value, i) => store.put(stripKey(value), keys[i])));
          return;
        }
        db.createObjectStore('chunks', { autoIncrement: true });
      },
      // Another tab wants a newer version, or the browser closed the connection (storage
      // cleared, disk error): let go, and open again on the next operation.
      blocking: () => this.#drop(),
      terminated: () => {
        this.#db = undefined;
      },
    }).catch((error: unknown) => {
      this.#db = undefined;
      throw error;
    });
    return this.#db;
  }

  #drop(): void {
    const db = this.#db;
    this.#db = undefined;
    void db?.then((d) => d.close(), () => undefined);
  }

  /** Runs `op`, reopening once if the connection had been closed under it. */
  async #run<T>(op: (db: IDBPDatabase<TrailDB>) => Promise<T>): Promise<T> {
    try {
      return await op(await this.#connection());
    } catch (error) {
      if ((error as DOMException)?.name !== 'InvalidStateError') throw error;
      this.#drop();
      return op(await this.#connection());
    }
  }

  append(events: readonly TrailEvent[], bytes: number, now: number): Promise<AppendResult> {
    return this.appendChunks([{ events, bytes }], now);
  }

  appendChunks(list: readonly NewChunk[], now: number): Promise<AppendResult> {
    return this.#run(async (db) => {
      const tx = db.transaction(['chunks', 'meta'], 'readwrite');
      const chunks = tx.objectStore('chunks');
      const meta = tx.objectStore('meta');
      // Every request is issued before the first is awaited: they run in order inside the
      // transaction without a round trip between them. Only the last key is needed.
      const totals = meta.get('totals');
      const keys = list.map(({ events, bytes }) => chunks.add({ events: events as TrailEvent[], bytes, at: now }));
      const stored = await totals;
      const key = (await Promise.all(keys)).at(-1) ?? 0;
      const added = list.reduce((t, c) => ({ events: t.events + c.events.length, bytes: t.bytes + c.bytes }), EMPTY);
      // Without a totals record (see `settle`) count the store, which now holds the new chunks too.
      let sum = stored ? { events: stored.events + added.events, bytes: stored.bytes + added.bytes } : await recount(chunks);
      const before = stored ?? { events: sum.events - added.events, bytes: sum.bytes - added.bytes };
      let droppedFull = 0;
      let droppedExpired = 0;
      const droppedNotices: DropCounts = { queue_full: 0, expired: 0 };
      const within = sum.events <= this.#limits.maxEvents && sum.bytes <= this.#limits.maxBytes;
      // An empty store before this write holds only the chunks just added, all written now.
      if (before.events === 0) this.#oldestAt = now;
      const mayExpire = this.#oldestAt === undefined || now - this.#oldestAt > this.#limits.maxAgeMs;
      if (!within || mayExpire) this.#oldestAt = undefined;
      for (let cursor = within && !mayExpire ? null : await chunks.openCursor(); cursor; cursor = await cursor.continue()) {
        const chunk = cursor.value;
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
        await (rest.events.length ? cursor.update(rest) : cursor.delete());
      }
      await meta.put(sum, 'totals');
      await tx.done;
      return { key, droppedFull, droppedExpired, droppedNotices, totals: sum };
    });
  }

  take(maxEvents: number, maxBytes: number): Promise<TakenBatch> {
    return this.#run(async (db) => {
      const read: Chunk[] = [];
      let events = 0;
      let bytes = 0;
      const tx = db.transaction('chunks');
      for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
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
          const chunk = await chunks.get(key);
          if (chunk && chunk.events.every((e) => ids.has(e.id))) await chunks.delete(key);
        }
        await tx.objectStore('meta').delete('totals');
        await tx.done;
        return recount(db.transaction('chunks').store);
      }
    });
  }

  async #settleIn(db: IDBPDatabase<TrailDB>, batch: TakenBatch, rejected: ReadonlyMap<string, string>, now: number): Promise<QueueTotals> {
    const tx = db.transaction(['chunks', 'meta', 'rejected'], 'readwrite');
    const chunks = tx.objectStore('chunks');
    const meta = tx.objectStore('meta');
    const parked = tx.objectStore('rejected');
    const ids = new Set(batch.events.map((e) => e.id));
    let sum = (await meta.get('totals')) ?? (await recount(chunks));
    for (const key of batch.keys) {
      // Read again inside this transaction: another tab may have trimmed the chunk.
      const chunk = await chunks.get(key);
      if (!chunk) continue;
      const left = chunk.events.filter((e) => !ids.has(e.id));
      const keptBytes = Math.round((chunk.bytes * left.length) / chunk.events.length);
      sum = { events: sum.events - (chunk.events.length - left.length), bytes: sum.bytes - (chunk.bytes - keptBytes) };
      await (left.length ? chunks.put({ ...stripKey(chunk), events: left, bytes: keptBytes }, key) : chunks.delete(key));
    }
    for (const event of batch.events) {
      const reason = rejected.get(event.id);
      if (reason !== undefined) await parked.add({ event, reason, at: now });
    }
    if (rejected.size) {
      let excess = (await parked.count()) - REJECTED_KEEP_MAX;
      for (let cursor = await parked.openCursor(); cursor && excess > 0; cursor = await cursor.continue(), excess--) {
        await cursor.delete();
      }
    }
    await meta.put(sum, 'totals');
    await tx.done;
    return sum;
  }

  highestKey(): Promise<number> {
    return this.#run(async (db) => {
      const cursor = await db.transaction('chunks').store.openKeyCursor(null, 'prev');
      return cursor?.key ?? 0;
    });
  }

  pendingUpTo(key: number): Promise<number> {
    return this.#run(async (db) => {
      let n = 0;
      const range = IDBKeyRange.upperBound(key);
      for (let cursor = await db.transaction('chunks').store.openCursor(range); cursor; cursor = await cursor.continue()) {
        n += cursor.value.events.length;
      }
      return n;
    });
  }

  totals(): Promise<QueueTotals> {
    return this.#run(async (db) => (await db.get('meta', 'totals')) ?? (await recount(db.transaction('chunks').store)));
  }

  rejected(): Promise<RejectedEvent[]> {
    return this.#run((db) => db.getAll('rejected'));
  }

  close(): void {
    this.#drop();
  }
}
