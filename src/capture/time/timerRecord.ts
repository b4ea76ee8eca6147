import type { EventContext } from '../../events/schema.js';
import { isMeasure, isObject } from '../../events/lib/checks.js';
import { BUCKETS, type BucketTotals } from './BucketClock.js';
import { TimerRecordError } from './TimerRecordError.js';

/** A tab's running totals for its open item, as kept in localStorage between heartbeats. */
export interface TimerRecord {
  readonly v: 2;
  /** The tab (sessionStorage id) that owns the record: only it resumes the count. */
  readonly tab: string;
  readonly item: string;
  readonly context: Partial<EventContext>;
  readonly buckets: BucketTotals;
  readonly editingMs: number;
  readonly touched: boolean;
  /** Wall-clock ms of the last write: judges a reload's freshness and, without Web Locks, liveness. */
  readonly savedAt: number;
}

const RECORD_VERSION = 2;

/** Parses a stored record; throws a `TimerRecordError` naming what is wrong. */
export function parseTimerRecord(key: string, raw: string): TimerRecord {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new TimerRecordError(key, 'not JSON');
  }
  if (!isObject(value)) throw new TimerRecordError(key, 'not an object');
  if (value['v'] !== RECORD_VERSION) throw new TimerRecordError(key, `version ${String(value['v'])}, not 2`);
  const { tab, item, context, buckets, editingMs, touched, savedAt } = value;
  if (typeof tab !== 'string' || typeof item !== 'string' || !item) throw new TimerRecordError(key, 'no tab or item');
  if (!isObject(context)) throw new TimerRecordError(key, 'context is not an object');
  if (!isObject(buckets) || !BUCKETS.every((b) => isMeasure(buckets[`${b}Ms`])))
    throw new TimerRecordError(key, 'buckets are not five measures');
  if (!isMeasure(editingMs) || typeof touched !== 'boolean' || !Number.isInteger(savedAt))
    throw new TimerRecordError(key, 'editingMs, touched or savedAt is wrong');
  const totals = Object.fromEntries(BUCKETS.map((b) => [b, buckets[`${b}Ms`] as number])) as BucketTotals;
  return { v: 2, tab, item, context, buckets: totals, editingMs, touched, savedAt: savedAt as number };
}

/** The stored form of a record (bucket keys as in the `item.duration` payload). */
export function serializeTimerRecord(record: TimerRecord): string {
  const buckets = Object.fromEntries(BUCKETS.map((b) => [`${b}Ms`, Math.round(record.buckets[b])]));
  return JSON.stringify({ ...record, buckets });
}
