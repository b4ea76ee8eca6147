import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REJECTED_KEEP_MAX } from '../defaults.js';
import type { TrailEvent } from '../events/schema.js';
import {
  countNotices,
  eventsToDrop,
  pickBatch,
  keepEvents,
  type AppendResult,
  type Chunk,
  type DropCounts,
  type NewChunk,
  type Queue,
  type QueueLimits,
  type QueueTotals,
  type RejectedEvent,
  type TakenBatch,
} from '../queue/Queue.js';
import { Journal } from './Journal.js';
import { lockDirectory } from './dirLock.js';

// Journal records, one JSON line each: a stored chunk, events removed (delivered, rejected or
// dropped; by id), and events parked as rejected.
type ChunkRecord = { c: number; at: number; b: number; e: TrailEvent[] };
type RemoveRecord = { r: string[] };
type ParkRecord = { p: RejectedEvent[] };
type JournalRecord = ChunkRecord | RemoveRecord | ParkRecord;

/** Compaction waits for this much journal: below it, rewriting costs more than it saves. */
export const COMPACT_MIN_BYTES = 4 * 1024 * 1024;
/** ...and for the live records to be at most this share of it. */
export const COMPACT_LIVE_RATIO = 0.25;

/** Options of `FileQueue.open`. */
export interface FileQueueOptions {
  /** Journal size from which compaction is considered (tests use a small one). */
  readonly compactMinBytes?: number;
  /** The directory's lock, when the caller took it already: its release. */
  readonly unlock?: () => void;
}

const isChunk = (r: unknown): r is ChunkRecord =>
  typeof (r as ChunkRecord)?.c === 'number' && Array.isArray((r as ChunkRecord).e);
const isRemove = (r: unknown): r is RemoveRecord => Array.isArray((r as RemoveRecord)?.r);
const isPark = (r: unknown): r is ParkRecord => Array.isArray((r as ParkRecord)?.p);

/**
 * The durable queue of a Node trail: the same bounds and semantics as the browser's
 * IndexedDB queue, kept in an append-only journal (`queue.log` in `dir`) whose every write is
 * synced to disk before it resolves, and read back whole at start-up. Events whose
 * `appendChunks` resolved survive a process kill (SIGKILL) and are delivered after a restart
 * on the same directory. One process per directory (a lock file says which).
 */
export class FileQueue implements Queue {
  #chunks: Chunk[] = [];
  #parked: RejectedEvent[] = [];
  #nextKey = 1;
  #sum = { events: 0, bytes: 0 };
  // One journal operation at a time, in call order: a settle never lands between a chunk's
  // write and its drops.
  #tail: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(
    readonly dir: string,
    private readonly journal: Journal,
    private readonly limits: QueueLimits,
    private readonly unlock: () => void,
    private readonly compactMinBytes: number,
  ) {}

  /**
   * Opens the queue in `dir` (created if missing), replaying what an earlier process left.
   * Synchronous, so a trail is ready (and a process's exit handler can write) at once.
   */
  static open(dir: string, limits: QueueLimits, options: FileQueueOptions = {}): FileQueue {
    const { compactMinBytes = COMPACT_MIN_BYTES } = options;
    mkdirSync(dir, { recursive: true });
    // A caller that took the lock already (to refuse a busy directory at once) hands its release.
    const unlock = options.unlock ?? lockDirectory(dir);
    try {
      const { journal, replay } = Journal.open(join(dir, 'queue.log'));
      const queue = new FileQueue(dir, journal, limits, unlock, compactMinBytes);
      for (const record of replay.records) queue.#apply(record);
      return queue;
    } catch (error) {
      unlock();
      throw error;
    }
  }

  #apply(record: unknown): void {
    if (isChunk(record)) {
      this.#chunks.push({ key: record.c, at: record.at, bytes: record.b, events: record.e });
      this.#sum = { events: this.#sum.events + record.e.length, bytes: this.#sum.bytes + record.b };
      this.#nextKey = Math.max(this.#nextKey, record.c + 1);
    } else if (isRemove(record)) {
      this.#remove(new Set(record.r));
    } else if (isPark(record)) {
      this.#parked.push(...record.p);
      if (this.#parked.length > REJECTED_KEEP_MAX) this.#parked.splice(0, this.#parked.length - REJECTED_KEEP_MAX);
    }
  }

  // Removes events by id from every chunk, scaling each chunk's bytes to what is left.
  #remove(ids: ReadonlySet<string>): void {
    this.#chunks = this.#chunks.flatMap((chunk) => {
      const left = chunk.events.filter((e) => !ids.has(e.id));
      if (left.length === chunk.events.length) return [chunk];
      const bytes = Math.round((chunk.bytes * left.length) / chunk.events.length);
      this.#sum = {
        events: this.#sum.events - (chunk.events.length - left.length),
        bytes: this.#sum.bytes - (chunk.bytes - bytes),
      };
      return left.length ? [{ ...chunk, events: left, bytes }] : [];
    });
  }

  #serial<T>(run: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the file queue is closed'));
    const next = this.#tail.then(run);
    this.#tail = next.catch(() => undefined);
    return next;
  }

  // The oldest events the bounds push out, after chunks were added: their ids and counts.
  #drops(now: number): { ids: string[]; full: number; expired: number; notices: DropCounts } {
    const ids: string[] = [];
    const notices: DropCounts = { queue_full: 0, expired: 0 };
    let full = 0;
    let expired = 0;
    let sum = this.#sum;
    for (const chunk of this.#chunks) {
      const drop = eventsToDrop(chunk, sum, this.limits, now);
      if (drop.n === 0) break;
      const gone = chunk.events.slice(0, drop.n);
      countNotices(gone, notices);
      for (const e of gone) ids.push(e.id);
      if (drop.expired) expired += drop.n;
      else full += drop.n;
      const rest = keepEvents(chunk, chunk.events.slice(drop.n));
      sum = { events: sum.events - drop.n, bytes: sum.bytes - (chunk.bytes - rest.bytes) };
      if (rest.events.length) break;
    }
    return { ids, full, expired, notices };
  }

  // Keys are taken when the records are made, so an exit handler's write never reuses the key
  // of a write still under way.
  #chunkRecords(list: readonly NewChunk[], now: number): ChunkRecord[] {
    return list.map(({ events, bytes }) => ({ c: this.#nextKey++, at: now, b: bytes, e: [...events] }));
  }

  appendChunks(list: readonly NewChunk[], now: number): Promise<AppendResult> {
    return this.#serial(async () => {
      const records = this.#chunkRecords(list, now);
      await this.journal.append(records);
      return this.#stored(records, now);
    });
  }

  /**
   * `appendChunks` done before returning, for a process's `exit` handler (nothing async runs
   * there). Drops past the bounds are left to the next start-up.
   */
  appendChunksSync(list: readonly NewChunk[], now: number): void {
    if (this.#closed || list.length === 0) return;
    const records = this.#chunkRecords(list, now);
    this.journal.appendSync(records);
    for (const record of records) this.#apply(record);
  }

  // Applies chunks just written, then the bounds; the drops are journalled too (not synced:
  // losing that record in a crash only brings back events the next write drops again).
  async #stored(records: readonly ChunkRecord[], now: number): Promise<AppendResult> {
    for (const record of records) this.#apply(record);
    const drops = this.#drops(now);
    if (drops.ids.length) {
      const record: RemoveRecord = { r: drops.ids };
      await this.journal.append([record]);
      this.#apply(record);
    }
    return {
      key: records.at(-1)?.c ?? 0,
      droppedFull: drops.full,
      droppedExpired: drops.expired,
      droppedNotices: drops.notices,
      totals: { ...this.#sum },
    };
  }

  async take(maxEvents: number, maxBytes: number): Promise<TakenBatch> {
    return pickBatch(this.#chunks, maxEvents, maxBytes);
  }

  settle(batch: TakenBatch, rejected: ReadonlyMap<string, string>, now: number): Promise<QueueTotals> {
    return this.#serial(async () => {
      const parked = batch.events
        .filter((e) => rejected.has(e.id))
        .map((event) => ({ event, reason: rejected.get(event.id)!, at: now }));
      const records: JournalRecord[] = [{ r: batch.events.map((e) => e.id) }];
      if (parked.length) records.push({ p: parked });
      await this.journal.append(records);
      for (const record of records) this.#apply(record);
      await this.#compactIfWorth();
      return { ...this.#sum };
    });
  }

  // Rewrites the journal as its live records once dead ones dominate it.
  async #compactIfWorth(): Promise<void> {
    const size = this.journal.size;
    if (size < this.compactMinBytes || this.#sum.bytes > size * COMPACT_LIVE_RATIO) return;
    const live: JournalRecord[] = this.#chunks.map((c) => ({ c: c.key!, at: c.at, b: c.bytes, e: c.events }));
    if (this.#parked.length) live.push({ p: this.#parked });
    this.journal.rewrite(live, this.dir);
  }

  async highestKey(): Promise<number> {
    return this.#chunks.at(-1)?.key ?? 0;
  }

  async pendingUpTo(key: number): Promise<number> {
    return this.#chunks.reduce((n, chunk) => (chunk.key! <= key ? n + chunk.events.length : n), 0);
  }

  async pendingChunks(upToKey: number): Promise<number> {
    return this.#chunks.filter((chunk) => chunk.key! <= upToKey).length;
  }

  async totals(): Promise<QueueTotals> {
    return { ...this.#sum };
  }

  async rejected(): Promise<RejectedEvent[]> {
    return [...this.#parked];
  }

  /** Waits for the journal operation under way, then closes the file and releases the directory. */
  close(): Promise<void> {
    if (this.#closed) return this.#tail.then(() => undefined);
    this.#closed = true;
    this.#tail = this.#tail.then(() => {
      this.journal.close();
      this.unlock();
    });
    return this.#tail.then(() => undefined);
  }
}
