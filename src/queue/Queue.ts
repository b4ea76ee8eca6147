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
  /**
   * Set to the number of events when the batch holds its chunks whole: a settle can then remove
   * them without reading them again (see `IdbQueue`). A part of the batch has fewer events.
   */
  readonly whole?: number;
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
  /**
   * The batch after the chunk `afterKey`, as `take` would pick it once that chunk is settled: a
   * deliverer reads the next batch while the current one is in flight. Optional: a queue
   * without it is read one batch at a time.
   */
  takeAfter?(afterKey: number, maxEvents: number, maxBytes: number): Promise<TakenBatch>;
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

/** `chunk` (a stored chunk or a batch) holding only `events` of its own, its size scaled to what is left. */
export function keepEvents<C extends { readonly events: readonly TrailEvent[]; readonly bytes: number }>(
  chunk: C,
  events: TrailEvent[],
): C {
  return { ...chunk, events, bytes: Math.round((chunk.bytes * events.length) / chunk.events.length) };
}

/** `sum` once `before` became `after` (`after` undefined: removed whole). */
export function shrink(sum: QueueTotals, before: Chunk, after?: Chunk): QueueTotals {
  return {
    events: sum.events - before.events.length + (after?.events.length ?? 0),
    bytes: sum.bytes - before.bytes + (after?.bytes ?? 0),
  };
}

/** The drop counts of one append, filled in by `dropOldest`. */
export type Drops = { droppedFull: number; droppedExpired: number; droppedNotices: DropCounts };

export const noDrops = (): Drops => ({
  droppedFull: 0,
  droppedExpired: 0,
  droppedNotices: { queue_full: 0, expired: 0 },
});

/**
 * Drops from the oldest `chunk` what must go for the queue to fit its limits, counted into
 * `drops`: undefined when nothing has to go, else what is left of the chunk (undefined when
 * nothing) and the totals after.
 */
export function dropOldest(
  chunk: Chunk,
  sum: QueueTotals,
  limits: QueueLimits,
  now: number,
  drops: Drops,
): [rest: Chunk | undefined, sum: QueueTotals] | undefined {
  const { n, expired } = eventsToDrop(chunk, sum, limits, now);
  if (n === 0) return undefined;
  if (expired) drops.droppedExpired += n;
  else drops.droppedFull += n;
  countNotices(chunk.events.slice(0, n), drops.droppedNotices);
  const rest = n < chunk.events.length ? keepEvents(chunk, chunk.events.slice(n)) : undefined;
  return [rest, shrink(sum, chunk, rest)];
}

/** The chunk without the events `ids` names (undefined when none is left), and `sum` after. */
export function settleChunk(
  chunk: Chunk,
  ids: ReadonlySet<string>,
  sum: QueueTotals,
): [Chunk | undefined, QueueTotals] {
  const left = chunk.events.filter((e) => !ids.has(e.id));
  const rest = left.length ? keepEvents(chunk, left) : undefined;
  return [rest, shrink(sum, chunk, rest)];
}

/** Parks the events of `batch` that `rejected` names, with their reason. */
export function parkRejected(
  batch: TakenBatch,
  rejected: ReadonlyMap<string, string>,
  now: number,
  park: (entry: RejectedEvent) => unknown,
): Promise<unknown> {
  return Promise.all(
    batch.events.flatMap((event) => {
      const reason = rejected.get(event.id);
      return reason === undefined ? [] : [park({ event, reason, at: now })];
    }),
  );
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
      return { events, bytes, keys };
    }
    break;
  }
  return { events, bytes, keys, whole: events.length };
}
