import type { Actor, EventContext } from '../../events/schema.js';
import { isMeasure, isObject } from '../../events/lib/checks.js';
import { actorCheck, checked } from '../../events/lib/envelopeChecks.js';
import { TrailInputError } from '../../events/TrailInputError.js';
import { BUCKETS, type BucketTotals } from './BucketClock.js';
import { TimerRecordError } from './TimerRecordError.js';

/** A tab's running totals for its open item, as kept in localStorage between heartbeats. */
export interface TimerRecord {
  /** 3; 2 is the version before records kept their actor (read, never written: see `ItemTimer`). */
  readonly v: 2 | 3;
  /** The tab (sessionStorage id) that owns the record: only it resumes the count. */
  readonly tab: string;
  /** Who counted the time (the trail's actor), so that recovered time stays theirs. */
  readonly actor: Actor | undefined;
  readonly item: string;
  readonly context: Partial<EventContext>;
  readonly buckets: BucketTotals;
  readonly editingMs: number;
  readonly touched: boolean;
  /**
   * Wall-clock ms of the last write: judges a reload's freshness and, without Web Locks,
   * liveness; and dates a recovered `item.duration`, counted up to then.
   */
  readonly savedAt: number;
}

export const RECORD_VERSION = 3;

function actorOf(key: string, value: unknown): Actor | undefined {
  if (value === undefined) return undefined;
  const actor = checked(() => actorCheck(value, 'actor'));
  if (actor instanceof TrailInputError) throw new TimerRecordError(key, 'actor is not an actor');
  return actor;
}

/** Parses a stored record (this version or 2); throws a `TimerRecordError` naming what is wrong. */
export function parseTimerRecord(key: string, raw: string): TimerRecord {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new TimerRecordError(key, 'not JSON');
  }
  if (!isObject(value)) throw new TimerRecordError(key, 'not an object');
  const v = value['v'];
  if (v !== RECORD_VERSION && v !== 2) throw new TimerRecordError(key, `version ${String(v)}, not ${RECORD_VERSION}`);
  const { tab, item, context, buckets, editingMs, touched, savedAt } = value;
  if (typeof tab !== 'string' || typeof item !== 'string' || !item) throw new TimerRecordError(key, 'no tab or item');
  if (!isObject(context)) throw new TimerRecordError(key, 'context is not an object');
  if (!isObject(buckets) || !BUCKETS.every((b) => isMeasure(buckets[`${b}Ms`])))
    throw new TimerRecordError(key, 'buckets are not five measures');
  if (!isMeasure(editingMs) || typeof touched !== 'boolean' || !Number.isInteger(savedAt))
    throw new TimerRecordError(key, 'editingMs, touched or savedAt is wrong');
  const actor = v === 2 ? undefined : actorOf(key, value['actor']);
  const totals = Object.fromEntries(BUCKETS.map((b) => [b, buckets[`${b}Ms`] as number])) as BucketTotals;
  return { v, tab, actor, item, context, buckets: totals, editingMs, touched, savedAt: savedAt as number };
}

/** The stored form of a record (bucket keys as in the `item.duration` payload). */
export function serializeTimerRecord(record: TimerRecord): string {
  const buckets = Object.fromEntries(BUCKETS.map((b) => [`${b}Ms`, Math.round(record.buckets[b])]));
  return JSON.stringify({ ...record, buckets });
}
