import { monoNow } from './safe.js';

/**
 * Accumulates monotonic time while running. `pause`/`resume` are idempotent, so several
 * independent reasons to pause can be folded by the caller into one `running` decision.
 */
export class Stopwatch {
  #total = 0;
  #since: number | undefined;

  readonly #now: () => number;

  constructor(running = false, now: () => number = monoNow) {
    this.#now = now;
    if (running) this.#since = now();
  }

  get running(): boolean {
    return this.#since !== undefined;
  }

  /** Counted milliseconds so far (including the running segment). */
  elapsed(at = this.#now()): number {
    return this.#total + (this.#since === undefined ? 0 : Math.max(0, at - this.#since));
  }

  resume(at = this.#now()): void {
    if (this.#since === undefined) this.#since = at;
  }

  /** Stops counting at `at`, which may lie in the past (an idle period found late is taken back). */
  pause(at = this.#now()): void {
    if (this.#since === undefined) return;
    this.#total += Math.max(0, at - this.#since);
    this.#since = undefined;
  }

  /** Sets the counted total, e.g. from a persisted value after a reload. */
  add(ms: number): void {
    this.#total += Math.max(0, ms);
  }
}
