import type { Actor, EventContext } from '../events/schema.js';
import type { CaptureTracker } from './CaptureTracker.js';
import type { ItemTimeListener } from './ItemTime.js';
import { guard, listen, monoNow, type ErrorSink } from './lib/safe.js';
import { Stopwatch } from './lib/Stopwatch.js';
import type { Attention, AttentionState } from './time/Attention.js';
import { BucketClock, zeroTotals, type Bucket, type BucketTotals } from './time/BucketClock.js';
import { durationPayload } from './time/durationPayload.js';
import type { DurableRecords } from './time/DurableRecords.js';
import type { TabLocks } from './time/TabLocks.js';
import { RECORD_VERSION, parseTimerRecord, serializeTimerRecord, type TimerRecord } from './time/timerRecord.js';
import { TimerRecordError } from './time/TimerRecordError.js';

/** Settings of the time-in-tool timer (all resolved, see `CaptureOptions`). */
export interface ItemTimerSettings {
  readonly heartbeatMs: number;
  readonly storageKey: string;
  readonly resumeWindowMs: number;
  readonly storage: Storage | undefined;
  readonly window: Window | undefined;
  /** This tab's id (sessionStorage): the key of its record, and its lock. */
  readonly tab: string;
  /** Who counts now: kept in the record, so that recovered time goes to them. */
  readonly actor: () => Actor | undefined;
  readonly locks: TabLocks;
  /** A copy of the records that survives a killed browser (see `DurableRecords`), if any. */
  readonly durable: DurableRecords | undefined;
  readonly onError: ErrorSink;
}

/** Why an item's timer stopped; reported as `payload.reason` of `item.duration`. */
export type CloseReason = 'closed' | 'next' | 'disposed' | 'recovered';

/** What the timer has counted for the open item so far. */
export interface ItemTimerSnapshot {
  readonly item: string | undefined;
  /** Counted time: active + stalled. */
  readonly countedMs: number;
  readonly editingMs: number;
  readonly touched: boolean;
  readonly running: boolean;
  readonly idle: boolean;
  /** Where the open time went so far, ms per bucket. */
  readonly buckets: BucketTotals;
}

interface OpenItem {
  readonly item: string;
  readonly context: Partial<EventContext>;
  readonly clock: BucketClock;
  readonly editing: Stopwatch;
  readonly resumedMs: number;
  touched: boolean;
}

const COUNTING: readonly Bucket[] = ['stalled', 'active'];
const counted = (totals: BucketTotals) => totals.active + totals.stalled;

/**
 * Time in tool for one item at a time. Every millisecond the item is open goes to one bucket
 * (hidden, blurred, idle, stalled, active; see `Attention` for the first three); counted time
 * is active + stalled. Running totals are kept per tab in localStorage on a heartbeat: only
 * this tab resumes them (its reload), and another page recovers them once this tab is gone.
 */
export class ItemTimer {
  #open: OpenItem | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  readonly #stalls = new Set<string>();
  readonly #drafts = new Set<string>();
  readonly #removers: (() => void)[] = [];

  readonly #tracker: CaptureTracker;
  readonly #attention: Attention;
  readonly #settings: ItemTimerSettings;
  readonly #key: string;
  readonly #listeners = new Set<ItemTimeListener>();

  constructor(tracker: CaptureTracker, attention: Attention, settings: ItemTimerSettings) {
    this.#tracker = tracker;
    this.#attention = attention;
    this.#settings = settings;
    this.#key = `${settings.storageKey}:${settings.tab}`;
    const persist = guard(settings.onError, () => this.#persist());
    this.#removers.push(listen(settings.window, 'pagehide', persist));
    this.#removers.push(attention.subscribe(guard(settings.onError, (state, at) => this.#attentionChanged(state, at))));
    settings.locks.hold(settings.tab);
    this.#recoverGoneTabs();
  }

  /** The open item's id, if any. */
  get item(): string | undefined {
    return this.#open?.item;
  }

  /** The open item's context (item id included), for events emitted while it is open. */
  get context(): Partial<EventContext> | undefined {
    return this.#open ? { ...this.#open.context, item: this.#open.item } : undefined;
  }

  snapshot(): ItemTimerSnapshot {
    const open = this.#open;
    const totals = open?.clock.totals(monoNow()) ?? zeroTotals();
    return {
      item: open?.item,
      countedMs: counted(totals),
      editingMs: open?.editing.elapsed() ?? 0,
      touched: open?.touched ?? false,
      running: open?.clock.bucket === 'active' || open?.clock.bucket === 'stalled',
      idle: this.#attention.state === 'idle',
      buckets: totals,
    };
  }

  /** Starts timing `item`; a different open item is closed first (the user moved on). */
  openItem(item: string, context: Partial<EventContext> = {}): void {
    if (this.#open?.item === item) return;
    if (this.#open) this.closeItem('next');
    const saved = this.#read(this.#key);
    const fresh = saved !== undefined && Date.now() - saved.savedAt <= this.#settings.resumeWindowMs;
    const resumed = saved && fresh && saved.item === item && saved.v === RECORD_VERSION ? saved : undefined;
    if (saved && !resumed) this.#emitRecovered(this.#key, saved);
    this.#remove(this.#key);
    const now = monoNow();
    // Opening an item is itself an action of the user.
    this.#attention.touch(now);
    const editing = new Stopwatch(false);
    editing.add(resumed?.editingMs ?? 0);
    const clock = new BucketClock(this.#bucketNow(), now, resumed?.buckets);
    const resumedMs = resumed ? counted(resumed.buckets) : 0;
    this.#open = { item, context: { ...context }, clock, editing, resumedMs, touched: resumed?.touched ?? false };
    this.#update(now);
    this.#heartbeat = setInterval(
      guard(this.#settings.onError, () => this.#persist()),
      this.#settings.heartbeatMs,
    );
    this.#tracker.track('item.opened', {
      context: { ...context, item },
      payload: resumed ? { resumed: true, resumedMs: Math.round(resumedMs) } : {},
    });
    this.#persist();
  }

  /** Stops timing the open item and emits `item.duration`. */
  closeItem(reason: CloseReason = 'closed'): void {
    const open = this.#open;
    if (!open) return;
    // Watchers send what belongs to the item (a video's summary) first, with its context.
    this.#notify('itemClosing');
    const now = monoNow();
    open.clock.stop(now);
    open.editing.pause(now);
    this.#open = undefined;
    this.#drafts.clear();
    clearInterval(this.#heartbeat);
    this.#remove(this.#key);
    const extra = open.resumedMs > 0 ? { resumedMs: Math.round(open.resumedMs) } : {};
    this.#emit(open.item, open.context, open.clock.totals(now), open.editing.elapsed(), open.touched, reason, extra);
  }

  /** Records that the user changed a label of the open item. */
  touch(): void {
    if (this.#open) this.#open.touched = true;
  }

  /** A label draft (drawing or editing) began; editing time runs while any draft is open. */
  beginEditing(key: string): void {
    this.#drafts.add(key);
    this.#update(monoNow());
  }

  endEditing(key: string): void {
    this.#drafts.delete(key);
    this.#update(monoNow());
  }

  /**
   * A video of the open item started (or stopped) stalling at `at`, which may lie in the past:
   * a stall is known only once the playhead stood still long enough.
   */
  setStalled(source: string, stalled: boolean, at = monoNow()): void {
    const had = this.#stalls.size > 0;
    if (stalled) this.#stalls.add(source);
    else this.#stalls.delete(source);
    const has = this.#stalls.size > 0;
    if (had !== has)
      this.#open?.clock.reclassify(at, undefined, has ? 'stalled' : 'active', [has ? 'active' : 'stalled']);
    this.#update(monoNow());
  }

  /** See `ItemTime.listen`. */
  listen(listener: ItemTimeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    // Watchers stop first: what they send as they stop belongs to the open item.
    this.#notify('closing');
    this.#listeners.clear();
    this.closeItem('disposed');
    this.#removers.forEach((remove) => remove());
    this.#removers.length = 0;
    this.#settings.locks.dispose();
    this.#settings.durable?.close();
  }

  #notify(member: keyof ItemTimeListener): void {
    for (const listener of [...this.#listeners]) guard(this.#settings.onError, () => listener[member]?.())();
  }

  #bucketNow(): Bucket {
    const state = this.#attention.state;
    if (state !== 'present') return state;
    return this.#stalls.size > 0 ? 'stalled' : 'active';
  }

  #attentionChanged(state: AttentionState, at: number): void {
    const open = this.#open;
    if (!open) return;
    // A pause known late is taken back from when it began: idle is known `idleMs` after the last
    // input, and another tab's claim arrives a moment after that tab began counting.
    if (state === 'idle' || state === 'blurred') {
      open.clock.reclassify(at, undefined, state, COUNTING);
      open.editing.pause(at);
    }
    this.#update(monoNow());
    if (this.#attention.state === 'hidden') this.#persist();
  }

  #update(now: number): void {
    const open = this.#open;
    if (!open) return;
    const bucket = this.#bucketNow();
    open.clock.set(bucket, now);
    if (COUNTING.includes(bucket) && this.#drafts.size > 0) open.editing.resume(now);
    else open.editing.pause(now);
  }

  #emit(
    item: string,
    context: Partial<EventContext>,
    totals: BucketTotals,
    editingMs: number,
    touched: boolean,
    reason: CloseReason,
    extra: Record<string, unknown>,
  ): void {
    const payload = { ...durationPayload(totals, editingMs, touched, reason), ...extra };
    this.#tracker.track('item.duration', { context: { ...context, item }, durationMs: payload.durationMs, payload });
  }

  /**
   * Reports a gone visit's totals as counted: by its actor, at its last heartbeat (it may be
   * recovered days later, in another actor's page). A version 2 record keeps no actor: its
   * time is dropped and reported rather than paid to whoever opens the next page.
   */
  #emitRecovered(key: string, record: TimerRecord): void {
    if (record.v !== RECORD_VERSION) {
      this.#settings.onError(
        new TimerRecordError(key, `version ${record.v} keeps no actor: its time is not recovered`),
      );
      return;
    }
    const { item, context, buckets, editingMs, touched, actor } = record;
    const payload = { ...durationPayload(buckets, editingMs, touched, 'recovered'), recovered: true };
    const fields = { context: { ...context, item }, durationMs: payload.durationMs, payload, ...(actor && { actor }) };
    if (this.#tracker.trackAt) this.#tracker.trackAt('item.duration', fields, record.savedAt);
    else this.#tracker.track('item.duration', fields);
  }

  #persist(): void {
    const open = this.#open;
    const storage = this.#settings.storage;
    if (!open || !storage) return;
    const record: TimerRecord = {
      v: RECORD_VERSION,
      tab: this.#settings.tab,
      actor: this.#settings.actor(),
      item: open.item,
      context: open.context,
      buckets: open.clock.totals(monoNow()),
      editingMs: Math.round(open.editing.elapsed()),
      touched: open.touched,
      savedAt: Date.now(),
    };
    const text = serializeTimerRecord(record);
    this.#settings.durable?.put(this.#key, text);
    try {
      storage.setItem(this.#key, text);
    } catch (error) {
      this.#settings.onError(error);
    }
  }

  /**
   * The record under `key`; a malformed one or one of another version is reported and ignored,
   * and removed when it is this tab's (another tab may run another version of labeltrail).
   */
  #read(key: string, own = true): TimerRecord | undefined {
    let raw: string | null | undefined;
    try {
      raw = this.#settings.storage?.getItem(key);
    } catch (error) {
      this.#settings.onError(error);
      return undefined;
    }
    if (!raw) return undefined;
    try {
      return parseTimerRecord(key, raw);
    } catch (error) {
      this.#settings.onError(error);
      if (own) this.#remove(key);
      return undefined;
    }
  }

  #remove(key: string): void {
    this.#settings.durable?.delete(key);
    try {
      this.#settings.storage?.removeItem(key);
    } catch (error) {
      this.#settings.onError(error);
    }
  }

  /** The newer of two stored forms of one record (localStorage and the durable copy). */
  #newest(key: string, durable: string | undefined): TimerRecord | undefined {
    const local = this.#read(key, key === this.#settings.storageKey);
    let copy: TimerRecord | undefined;
    try {
      copy = durable === undefined ? undefined : parseTimerRecord(key, durable);
    } catch (error) {
      this.#settings.onError(error);
    }
    return !local || (copy && copy.savedAt > local.savedAt) ? copy : local;
  }

  /** Reports, once, the totals of every other tab that is gone (closed or crashed with an item open). */
  #recoverGoneTabs(): void {
    const durable = this.#settings.durable;
    // With a durable copy the scan waits for it (it may be newer); without, it runs at once.
    if (durable) durable.all().then((copies) => this.#scan(copies), this.#settings.onError);
    else this.#scan(new Map());
  }

  #scan(copies: ReadonlyMap<string, string>): void {
    const { storage, storageKey, durable, locks } = this.#settings;
    const keys = new Set<string>(copies.keys());
    const listable = storage && typeof storage.key === 'function' ? storage : undefined;
    for (let i = 0; listable && i < listable.length; i++) keys.add(listable.key(i) ?? '');
    for (const key of keys) {
      if (key === this.#key || (key !== storageKey && !key.startsWith(`${storageKey}:`))) continue;
      const record = this.#newest(key, copies.get(key));
      if (!record) continue;
      const confirm = (copy: string | undefined) => {
        // Still the record seen above: the tab did not come back (a reload) meanwhile.
        if (this.#newest(key, copy)?.savedAt !== record.savedAt) return;
        this.#remove(key);
        this.#emitRecovered(key, record);
      };
      const recover = () => (durable ? durable.get(key).then(confirm) : confirm(undefined));
      locks.whenGone(record.tab, record.savedAt, guard(this.#settings.onError, recover));
    }
  }
}
