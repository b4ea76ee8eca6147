import type { EventContext } from '../events/schema.js';
import type { Tracker } from '../events/Tracker.js';
import type { PageActivity } from './lib/pageActivity.js';
import { Stopwatch } from './lib/Stopwatch.js';
import { guard, listen, monoNow, type ErrorSink } from './lib/safe.js';

/** Settings of the time-in-tool timer (all resolved, see `CaptureOptions`). */
export interface ItemTimerSettings {
  readonly idleMs: number;
  readonly heartbeatMs: number;
  readonly storageKey: string;
  readonly resumeWindowMs: number;
  readonly storage: Storage | undefined;
  readonly window: Window | undefined;
  readonly onError: ErrorSink;
}

/** Why an item's timer stopped; reported as `payload.reason` of `item.duration`. */
export type CloseReason = 'closed' | 'next' | 'disposed' | 'recovered';

/** What the timer has counted for the open item so far. */
export interface ItemTimerSnapshot {
  readonly item: string | undefined;
  readonly countedMs: number;
  readonly editingMs: number;
  readonly touched: boolean;
  readonly running: boolean;
  readonly idle: boolean;
}

interface Persisted {
  readonly v: 1;
  readonly item: string;
  readonly context: Partial<EventContext>;
  readonly countedMs: number;
  readonly editingMs: number;
  readonly touched: boolean;
  /** Wall-clock ms, only to judge whether a reload is still the same visit. */
  readonly savedAt: number;
}

interface OpenItem {
  readonly item: string;
  readonly context: Partial<EventContext>;
  readonly counted: Stopwatch;
  readonly editing: Stopwatch;
  readonly openedAt: number;
  readonly resumedMs: number;
  touched: boolean;
}

// Every kind of input that proves a person is at the editor. pointermove keeps a long drag
// (a polygon traced for minutes) from ever looking idle.
const INPUT_EVENTS = [
  'pointerdown',
  'pointermove',
  'pointerup',
  'keydown',
  'keyup',
  'wheel',
  'touchstart',
  'touchmove',
  'mousedown',
  'mousemove',
];

// Input that ends a held pointer; it is also input (it proves a person is there).
const RELEASE_EVENTS = ['pointercancel', 'mouseup', 'touchend', 'touchcancel'];

/**
 * Time in tool for one item at a time: counts monotonic time while an item is open, the
 * page is visible and focused and the user is not idle; editing time (while a label draft is
 * open) is counted apart. Running totals are persisted on a heartbeat so a reload continues.
 */
export class ItemTimer {
  #open: OpenItem | undefined;
  #idle = false;
  #pointerHeld = false;
  #lastInput = monoNow();
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  readonly #drafts = new Set<string>();
  readonly #removers: (() => void)[] = [];

  readonly #tracker: Tracker;
  readonly #activity: PageActivity;
  readonly #settings: ItemTimerSettings;

  constructor(tracker: Tracker, activity: PageActivity, settings: ItemTimerSettings) {
    this.#tracker = tracker;
    this.#activity = activity;
    this.#settings = settings;
    const onInput = guard(settings.onError, (event: Event) => this.#input(event));
    for (const type of INPUT_EVENTS) {
      this.#removers.push(listen(settings.window, type, onInput, { capture: true, passive: true }));
    }
    const onRelease = guard(settings.onError, () => (this.#pointerHeld = false));
    // Every way a press ends: the compatibility mousedown a browser fires after a tap is
    // followed by mouseup, and a touch ends with touchend or touchcancel.
    for (const type of RELEASE_EVENTS) {
      this.#removers.push(listen(settings.window, type, onRelease, { capture: true, passive: true }));
    }
    this.#removers.push(
      listen(
        settings.window,
        'pagehide',
        guard(settings.onError, () => this.#persist()),
      ),
    );
    this.#removers.push(activity.subscribe(guard(settings.onError, () => this.#activityChanged())));
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
    return {
      item: open?.item,
      countedMs: open?.counted.elapsed() ?? 0,
      editingMs: open?.editing.elapsed() ?? 0,
      touched: open?.touched ?? false,
      running: open?.counted.running ?? false,
      idle: this.#idle,
    };
  }

  /** Starts timing `item`; a different open item is closed first (the user moved on). */
  openItem(item: string, context: Partial<EventContext> = {}): void {
    if (this.#open?.item === item) return;
    if (this.#open) this.closeItem('next');
    const now = monoNow();
    const saved = this.#readPersisted();
    let resumedMs = 0;
    let editingMs = 0;
    let touched = false;
    const fresh = saved !== undefined && Date.now() - saved.savedAt <= this.#settings.resumeWindowMs;
    if (saved && fresh && saved.item === item) {
      resumedMs = saved.countedMs;
      editingMs = saved.editingMs;
      touched = saved.touched;
    } else if (saved) {
      this.#emitDuration(saved.item, saved.context, saved.countedMs, saved.editingMs, saved.touched, 'recovered', {
        recovered: true,
      });
    }
    this.#clearPersisted();
    const counted = new Stopwatch(false);
    counted.add(resumedMs);
    const editing = new Stopwatch(false);
    editing.add(editingMs);
    this.#open = { item, context: { ...context }, counted, editing, openedAt: now, resumedMs, touched };
    // Opening an item is itself an action of the user.
    this.#lastInput = now;
    this.#idle = false;
    this.#update(now);
    this.#scheduleIdle(now);
    this.#heartbeat = setInterval(
      guard(this.#settings.onError, () => this.#persist()),
      this.#settings.heartbeatMs,
    );
    this.#tracker.track('item.opened', {
      context: { ...context, item },
      payload: resumedMs > 0 ? { resumed: true, resumedMs: Math.round(resumedMs) } : {},
    });
    this.#persist();
  }

  /** Stops timing the open item and emits `item.duration`. */
  closeItem(reason: CloseReason = 'closed'): void {
    const open = this.#open;
    if (!open) return;
    const now = monoNow();
    open.counted.pause(now);
    open.editing.pause(now);
    this.#open = undefined;
    this.#drafts.clear();
    clearInterval(this.#heartbeat);
    clearTimeout(this.#idleTimer);
    this.#clearPersisted();
    this.#emitDuration(open.item, open.context, open.counted.elapsed(), open.editing.elapsed(), open.touched, reason, {
      openMs: Math.round(now - open.openedAt + open.resumedMs),
      ...(open.resumedMs > 0 ? { resumedMs: Math.round(open.resumedMs) } : {}),
    });
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

  dispose(): void {
    this.closeItem('disposed');
    this.#removers.forEach((remove) => remove());
    this.#removers.length = 0;
  }

  #emitDuration(
    item: string,
    context: Partial<EventContext>,
    countedMs: number,
    editingMs: number,
    touched: boolean,
    reason: CloseReason,
    extra: Record<string, unknown>,
  ): void {
    const durationMs = Math.round(countedMs);
    this.#tracker.track('item.duration', {
      context: { ...context, item },
      durationMs,
      payload: {
        durationMs,
        seconds: Math.round(countedMs / 100) / 10,
        editingMs: Math.round(Math.min(editingMs, countedMs)),
        touched,
        reason,
        ...extra,
      },
    });
  }

  #input(event: Event): void {
    const now = monoNow();
    if (event.type === 'pointerdown' || event.type === 'mousedown' || event.type === 'touchstart')
      this.#pointerHeld = true;
    if (event.type === 'pointerup' || event.type === 'touchend') this.#pointerHeld = false;
    this.#lastInput = now;
    this.#activity.noteInput();
    if (this.#idle) {
      this.#idle = false;
      this.#update(now);
    }
    if (this.#idleTimer === undefined && this.#open) this.#scheduleIdle(now);
  }

  #activityChanged(): void {
    const now = monoNow();
    // Coming back to the tab is an action; idle is judged from here, not from before the absence.
    if (this.#activity.visible && this.#activity.focused) {
      this.#lastInput = Math.max(this.#lastInput, now);
      this.#idle = false;
      if (this.#open) this.#scheduleIdle(now);
    }
    this.#update(now);
    if (!this.#activity.visible) this.#persist();
  }

  #update(now: number): void {
    const open = this.#open;
    if (!open) return;
    const running = this.#activity.visible && this.#activity.focused && !this.#idle;
    if (running) open.counted.resume(now);
    else open.counted.pause(now);
    if (running && this.#drafts.size > 0) open.editing.resume(now);
    else open.editing.pause(now);
  }

  // One timer, re-armed lazily: a pointermove stream must not cost a setTimeout per event.
  #scheduleIdle(now: number): void {
    clearTimeout(this.#idleTimer);
    const wait = Math.max(0, this.#lastInput + this.#settings.idleMs - now);
    this.#idleTimer = setTimeout(
      guard(this.#settings.onError, () => this.#checkIdle()),
      wait,
    );
  }

  #checkIdle(): void {
    this.#idleTimer = undefined;
    const open = this.#open;
    if (!open) return;
    const now = monoNow();
    if (this.#pointerHeld) this.#lastInput = now;
    if (now - this.#lastInput < this.#settings.idleMs) {
      this.#scheduleIdle(now);
      return;
    }
    // The whole gap since the last input was idle; take it back rather than count it.
    this.#idle = true;
    open.counted.pause(this.#lastInput);
    open.editing.pause(this.#lastInput);
    this.#persist();
  }

  #persist(): void {
    const open = this.#open;
    const storage = this.#settings.storage;
    if (!open || !storage) return;
    const now = monoNow();
    // Time after the last input may still turn out idle; persist only what is certain.
    const certain = Math.min(now, Math.max(this.#lastInput, now - this.#settings.heartbeatMs));
    const record: Persisted = {
      v: 1,
      item: open.item,
      context: open.context,
      countedMs: Math.round(open.counted.elapsed(Math.max(certain, 0))),
      editingMs: Math.round(open.editing.elapsed(Math.max(certain, 0))),
      touched: open.touched,
      savedAt: Date.now(),
    };
    try {
      storage.setItem(this.#settings.storageKey, JSON.stringify(record));
    } catch (error) {
      this.#settings.onError(error);
    }
  }

  #readPersisted(): Persisted | undefined {
    try {
      const raw = this.#settings.storage?.getItem(this.#settings.storageKey);
      if (!raw) return undefined;
      const value = JSON.parse(raw) as Partial<Persisted>;
      if (value.v !== 1 || typeof value.item !== 'string' || typeof value.countedMs !== 'number') return undefined;
      if (typeof value.savedAt !== 'number') return undefined;
      return {
        v: 1,
        item: value.item,
        context: value.context && typeof value.context === 'object' ? value.context : {},
        countedMs: Math.max(0, value.countedMs),
        editingMs: typeof value.editingMs === 'number' ? Math.max(0, value.editingMs) : 0,
        touched: value.touched === true,
        savedAt: value.savedAt,
      };
    } catch (error) {
      this.#settings.onError(error);
      return undefined;
    }
  }

  #clearPersisted(): void {
    try {
      this.#settings.storage?.removeItem(this.#settings.storageKey);
    } catch (error) {
      this.#settings.onError(error);
    }
  }
}
