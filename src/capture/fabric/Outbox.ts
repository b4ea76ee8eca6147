import { guard, type ErrorSink } from '../lib/safe.js';

interface Entry {
  readonly run: () => void;
  readonly removal: boolean;
}

/**
 * Label events held to the end of the current task, then sent in order. fabric's `clear()`
 * (which `loadFromJSON` calls first) removes every object and only then fires `canvas:cleared`,
 * in one task: a removal still held when that comes was the clear's, not the user's, and is
 * dropped. Later events wait behind a held removal, so the trail sees them in order.
 */
export class Outbox {
  readonly #onError: ErrorSink;
  #entries: Entry[] = [];
  #scheduled = false;

  constructor(onError: ErrorSink) {
    this.#onError = onError;
  }

  push(run: () => void, removal = false): void {
    this.#entries.push({ run, removal });
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => this.#flush());
  }

  /** The canvas was cleared: the removals held are its own. */
  dropRemovals(): void {
    this.#entries = this.#entries.filter((entry) => !entry.removal);
  }

  /** Drops everything held (the adapter is disconnecting). */
  clear(): void {
    this.#entries = [];
  }

  #flush(): void {
    this.#scheduled = false;
    const entries = this.#entries;
    this.#entries = [];
    // One failing event must not take the others of the task with it.
    for (const entry of entries) guard(this.#onError, entry.run)();
  }
}
