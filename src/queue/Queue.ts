import type { TrailEvent } from '../events/schema.js';

/** Size of what a queue holds. */
export interface QueueTotals {
  readonly events: number;
  readonly bytes: number;
}

/** Bounds of a queue: beyond any of them the oldest events go first. */
export interface QueueLimits {
  readonly maxEvents: number;
  readonly maxBytes: number;
  readonly maxAgeMs: number;
}

/** What `appendChunks` did: the stored chunk's key (keys only grow) and what it had to drop. */
export interface AppendResult {
  readonly key: number;
  readonly droppedFull: number;
  readonly droppedExpired: number;
  /**
   * Counts carried by `trail.dropped` notices that were dropped themselves: those drops
   * must be reported again, or they would go unreported.
   */
  readonly droppedNotices?: DropCounts;
  readonly totals: QueueTotals;
}

/** Dropped events by reason. */
export interface DropCounts {
  queue_full: number;
  expired: number;
}

/** Adds the counts of the `trail.dropped` notices among `events` (about to be dropped) to `into`. */
export function countNotices(events: readonly TrailEvent[], into: DropCounts): void {
  for (const e of events) {
    if (e.type !== 'trail.dropped') continue;
    const { count, reason } = (e.payload ?? {}) as { count?: unknown; reason?: unknown };
    if (typeof count === 'number' && (reason === 'queue_full' || reason === 'expired')) into[reason] += count;
  }
}

/** Events taken for one delivery, oldest first; they stay stored until `settle`. */
export interface TakenBatch {
  readonly events: readonly TrailEvent[];
  readonly bytes: number;
  readonly keys: readonly number[];
}

/** An event the endpoint refused for good, kept for inspection. */
export interface RejectedEvent {
  readonly event: TrailEvent;
  readonly reason: string;
  readonly at: number;
}

/**
 * The durable queue between capture and delivery. Events are stored in chunks (one
 * value per write, whatever its size) and leave only through `settle`, after the
 * endpoint answered.
 */
export interface Queue {
  /**
   * Stores chunks, in order, in one write (one IndexedDB transaction): a burst costs one
   * transaction instead of one per chunk. The bounds are enforced once, after all of them;
   * `key` is the last chunk's.
   */
  appendChunks(chunks: readonly NewChunk[], now: number): Promise<AppendResult>;
  take(maxEvents: number, maxBytes: number): Promise<TakenBatch>;
  /** Removes the batch's events; those named in `rejected` are parked with their reason. */
  settle(batch: TakenBatch, rejected: ReadonlyMap<string, string>, now: number): Promise<QueueTotals>;
  /** Key of the newest stored chunk, 0 when empty. */
  highestKey(): Promise<number>;
  /** Chunks still stored (events left in them) with a key up to `key`: what a flush waits for. */
  pendingChunks(upToKey: number): Promise<number>;
  totals(): Promise<QueueTotals>;
  rejected(): Promise<RejectedEvent[]>;
  close(): void;
}

/** A chunk to store: events and their JSON size. */
export interface NewChunk {
  readonly events: readonly TrailEvent[];
  readonly bytes: number;
}

/** A stored chunk: events written together, their JSON size and when they were written. */
export interface Chunk {
  key?: number;
  events: TrailEvent[];
  bytes: number;
  at: number;
}

/**
 * How many of the oldest events of `chunk` must go so that the queue fits its limits:
 * all of them when the chunk is past its age, else just enough for count and bytes.
 */
export function eventsToDrop(
  chunk: Chunk,
  totals: QueueTotals,
  limits: QueueLimits,
  now: number,
): { n: number; expired: boolean } {
  const count = chunk.events.length;
  if (now - chunk.at > limits.maxAgeMs) return { n: count, expired: true };
  const perEvent = count ? chunk.bytes / count : 0;
  const overEvents = totals.events - limits.maxEvents;
  const overBytes = perEvent ? Math.ceil((totals.bytes - limits.maxBytes) / perEvent) : 0;
  return { n: Math.min(count, Math.max(0, overEvents, overBytes)), expired: false };
}

/** The chunk without its first `n` events, its size scaled to what is left. */
export function trimChunk(chunk: Chunk, n: number): Chunk {
  const events = chunk.events.slice(n);
  return { ...chunk, events, bytes: Math.round((chunk.bytes * events.length) / chunk.events.length) };
}

/**
 * Which events of the stored chunks (oldest first) make the next batch: whole chunks
 * while they fit, or a prefix of the first when it alone is too large.
 */
export function pickBatch(chunks: Iterable<Chunk>, maxEvents: number, maxBytes: number): TakenBatch {
  const events: TrailEvent[] = [];
  const keys: number[] = [];
  let bytes = 0;
  for (const chunk of chunks) {
    const n = chunk.events.length;
    if (n === 0) continue;
    if (events.length + n <= maxEvents && bytes + chunk.bytes <= maxBytes) {
      events.push(...chunk.events);
      bytes += chunk.bytes;
      keys.push(chunk.key!);
      continue;
    }
    if (events.length === 0) {
      const perEvent = chunk.bytes / n;
      const fit = Math.max(1, Math.min(maxEvents, Math.floor(maxBytes / perEvent)));
      events.push(...chunk.events.slice(0, fit));
      bytes = Math.round(perEvent * fit);
      keys.push(chunk.key!);
    }
    break;
  }
  return { events, bytes, keys };
}
