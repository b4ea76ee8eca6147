import { BUCKETS, type BucketTotals } from './BucketClock.js';

/** `item.duration`'s payload: the counted time and where all of the open time went. */
export interface DurationPayload {
  /** activeMs + stalledMs: the time in tool that stats and pay use. */
  readonly durationMs: number;
  readonly seconds: number;
  readonly editingMs: number;
  readonly touched: boolean;
  readonly reason: string;
  /** hiddenMs + blurredMs + idleMs + stalledMs + activeMs. */
  readonly openMs: number;
  readonly activeMs: number;
  readonly stalledMs: number;
  readonly idleMs: number;
  readonly hiddenMs: number;
  readonly blurredMs: number;
}

/** Rounds each bucket to whole ms, then sums: the parts add up to `openMs` and `durationMs` exactly. */
export function durationPayload(
  totals: BucketTotals,
  editingMs: number,
  touched: boolean,
  reason: string,
): DurationPayload {
  const ms = Object.fromEntries(BUCKETS.map((b) => [b, Math.round(totals[b])])) as BucketTotals;
  const durationMs = ms.active + ms.stalled;
  return {
    durationMs,
    seconds: Math.round(durationMs / 100) / 10,
    editingMs: Math.min(Math.round(editingMs), durationMs),
    touched,
    reason,
    openMs: BUCKETS.reduce((sum, b) => sum + ms[b], 0),
    activeMs: ms.active,
    stalledMs: ms.stalled,
    idleMs: ms.idle,
    hiddenMs: ms.hidden,
    blurredMs: ms.blurred,
  };
}
