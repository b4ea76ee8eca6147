/** Where a moment of an item's open time went; the first that applies, in this order, wins. */
export type Bucket = 'hidden' | 'blurred' | 'idle' | 'stalled' | 'active';

export const BUCKETS: readonly Bucket[] = ['hidden', 'blurred', 'idle', 'stalled', 'active'];

/** Milliseconds per bucket. */
export type BucketTotals = Record<Bucket, number>;

interface Segment {
  bucket: Bucket;
  readonly from: number;
  to: number | undefined;
}

// Reclassifying reaches back only as far as the last input (idle) or a stall's start (a
// second or so); older segments are folded into the totals so a long visit stays small.
const KEPT_SEGMENTS = 64;

export const zeroTotals = (): BucketTotals => ({ hidden: 0, blurred: 0, idle: 0, stalled: 0, active: 0 });

/**
 * Attributes every millisecond between start and stop to exactly one bucket. Time can be
 * moved between buckets after the fact (idle is known only `idleMs` after the last input,
 * a stall only once the playhead stood still long enough), so recent segments are kept.
 */
export class BucketClock {
  readonly #folded: BucketTotals;
  #segments: Segment[];

  constructor(bucket: Bucket, at: number, initial: BucketTotals = zeroTotals()) {
    this.#folded = { ...initial };
    this.#segments = [{ bucket, from: at, to: undefined }];
  }

  get bucket(): Bucket | undefined {
    const last = this.#segments.at(-1);
    return last && last.to === undefined ? last.bucket : undefined;
  }

  /** From `at` on, time goes to `bucket`. */
  set(bucket: Bucket, at: number): void {
    const last = this.#segments.at(-1);
    if (!last || last.to !== undefined || last.bucket === bucket) return;
    const from = Math.max(at, last.from);
    last.to = from;
    this.#segments.push({ bucket, from, to: undefined });
    if (this.#segments.length > KEPT_SEGMENTS) this.#fold(this.#segments.shift()!);
  }

  /** Moves the time in `[from, to)` that is in one of `movable` into `into` (`to` open: up to now and on). */
  reclassify(from: number, to: number | undefined, into: Bucket, movable: readonly Bucket[]): void {
    const next: Segment[] = [];
    const end = to ?? Infinity;
    for (const s of this.#segments) {
      const sEnd = s.to ?? Infinity;
      if (!movable.includes(s.bucket) || sEnd <= from || s.from >= end) {
        next.push(s);
        continue;
      }
      const lo = Math.max(s.from, from);
      const hi = Math.min(sEnd, end);
      if (lo > s.from) next.push({ bucket: s.bucket, from: s.from, to: lo });
      next.push({ bucket: into, from: lo, to: hi === Infinity ? undefined : hi });
      if (hi < sEnd) next.push({ bucket: s.bucket, from: hi, to: s.to });
    }
    this.#segments = next;
  }

  /** Stops the clock at `at`; totals stay readable. */
  stop(at: number): void {
    const last = this.#segments.at(-1);
    if (last && last.to === undefined) last.to = Math.max(at, last.from);
  }

  totals(at: number): BucketTotals {
    const totals = { ...this.#folded };
    for (const s of this.#segments) totals[s.bucket] += Math.max(0, (s.to ?? Math.max(at, s.from)) - s.from);
    return totals;
  }

  #fold(segment: Segment): void {
    this.#folded[segment.bucket] += Math.max(0, (segment.to ?? segment.from) - segment.from);
  }
}
