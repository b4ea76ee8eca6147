import type { ItemTimer } from '../ItemTimer.js';
import { monoNow } from '../lib/safe.js';
import { Stopwatch } from '../lib/Stopwatch.js';
import type { Attention } from '../time/Attention.js';

/**
 * The annotations being drawn or edited, each with the time taken so far, by key. Time is
 * counted by the item timer's rules: paused while the tab is hidden, blurred (or another tab of
 * the actor counts) or idle. While a draft is open the item timer knows an edit is under way.
 */
export class Drafts {
  readonly #watches = new Map<string, Stopwatch>();
  readonly #timer: Pick<ItemTimer, 'beginEditing' | 'endEditing'>;
  readonly #attention: Pick<Attention, 'state' | 'subscribe'>;
  readonly #now: () => number;
  readonly #unsubscribe: () => void;

  constructor(
    timer: Pick<ItemTimer, 'beginEditing' | 'endEditing'>,
    attention: Pick<Attention, 'state' | 'subscribe'>,
    now: () => number = monoNow,
  ) {
    this.#timer = timer;
    this.#attention = attention;
    this.#now = now;
    // `at` of idle is the last input: the idle gap is taken back from a draft too.
    this.#unsubscribe = attention.subscribe((state, at) => {
      for (const watch of this.#watches.values()) {
        if (state === 'present') watch.resume(at);
        else watch.pause(at);
      }
    });
  }

  /** No draft is open: an action need not look one up (nor build its keys). */
  get empty(): boolean {
    return this.#watches.size === 0;
  }

  /** Opens a draft; the first begin of a key is its start, later ones are part of the same drawing. */
  begin(key: string): void {
    if (this.#watches.has(key)) return;
    this.#watches.set(key, new Stopwatch(this.#attention.state === 'present', this.#now));
    this.#timer.beginEditing(key);
  }

  /** Drops a draft without its time (drawing cancelled). */
  cancel(key: string): void {
    if (this.#watches.delete(key)) this.#timer.endEditing(key);
  }

  /**
   * Closes the draft of `key` (or, when there is none, of `fallback`) and returns its time in
   * ms; undefined when neither is open.
   */
  take(key: string, fallback?: string): number | undefined {
    const found = this.#watches.has(key) ? key : fallback;
    const watch = found === undefined ? undefined : this.#watches.get(found);
    if (found === undefined || !watch) return undefined;
    this.#watches.delete(found);
    this.#timer.endEditing(found);
    return watch.elapsed();
  }

  /** Drops every draft and stops following attention. */
  dispose(): void {
    this.#unsubscribe();
    for (const key of this.#watches.keys()) this.#timer.endEditing(key);
    this.#watches.clear();
  }
}
