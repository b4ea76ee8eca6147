import { REJECTED_KEEP_MAX } from '../defaults.js';
import {
  dropOldest,
  noDrops,
  parkRejected,
  pickBatch,
  settleChunk,
  shrink,
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
 * A queue in this tab's memory: the fallback when IndexedDB is missing or failing, and a
 * test double. Same bounds and semantics as the IndexedDB queue, minus surviving a reload.
 */
export class MemoryQueue implements Queue {
  #chunks: Chunk[] = [];
  #parked: RejectedEvent[] = [];
  #nextKey = 1;
  #sum = { events: 0, bytes: 0 };

  readonly #limits: QueueLimits;

  constructor(limits: QueueLimits) {
    this.#limits = limits;
  }

  async appendChunks(list: readonly NewChunk[], now: number): Promise<AppendResult> {
    let key = 0;
    for (const { events, bytes } of list) {
      key = this.#nextKey++;
      this.#chunks.push({ key, events: [...events], bytes, at: now });
      this.#sum = { events: this.#sum.events + events.length, bytes: this.#sum.bytes + bytes };
    }
    const drops = noDrops();
    for (
      let dropped;
      this.#chunks.length && (dropped = dropOldest(this.#chunks[0]!, this.#sum, this.#limits, now, drops));
    ) {
      const [rest, sum] = dropped;
      this.#sum = sum;
      if (rest) this.#chunks[0] = rest;
      else this.#chunks.shift();
    }
    return { key, ...drops, totals: { ...this.#sum } };
  }

  async take(maxEvents: number, maxBytes: number): Promise<TakenBatch> {
    return pickBatch(this.#chunks, maxEvents, maxBytes);
  }

  async takeAfter(afterKey: number, maxEvents: number, maxBytes: number): Promise<TakenBatch> {
    return pickBatch(
      this.#chunks.filter((chunk) => chunk.key! > afterKey),
      maxEvents,
      maxBytes,
    );
  }

  async settle(batch: TakenBatch, rejected: ReadonlyMap<string, string>, now: number): Promise<QueueTotals> {
    const ids = new Set(batch.events.map((e) => e.id));
    const keys = new Set(batch.keys);
    this.#chunks = this.#chunks.flatMap((chunk) => {
      if (!keys.has(chunk.key!)) return [chunk];
      const [rest, sum] = settleChunk(chunk, ids, this.#sum);
      this.#sum = sum;
      return rest ? [rest] : [];
    });
    await parkRejected(batch, rejected, now, (entry) => this.#parked.push(entry));
    if (this.#parked.length > REJECTED_KEEP_MAX) this.#parked.splice(0, this.#parked.length - REJECTED_KEEP_MAX);
    return { ...this.#sum };
  }

  async highestKey(): Promise<number> {
    return this.#chunks.at(-1)?.key ?? 0;
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

  /** Every chunk held, oldest first, and the key of the last: for moving them to IndexedDB. */
  held(): { chunks: NewChunk[]; lastKey: number } {
    return {
      chunks: this.#chunks.map(({ events, bytes }) => ({ events, bytes })),
      lastKey: this.#chunks.at(-1)?.key ?? 0,
    };
  }

  /** Forgets the chunks with a key up to `key` (they were moved to IndexedDB). */
  removeUpTo(key: number): QueueTotals {
    const gone = this.#chunks.filter((chunk) => chunk.key! <= key);
    this.#chunks = this.#chunks.slice(gone.length);
    for (const chunk of gone) this.#sum = shrink(this.#sum, chunk);
    return { ...this.#sum };
  }

  close(): void {}
}
