import { uuidv7 } from '../../lib/uuidv7.js';
import { guard, listen, type ErrorSink } from '../lib/safe.js';

const TAB_KEY = 'labeltrail:tab';
/** Set while a page of the tab lives, to that page's id: the tab id is taken. */
const LIVE_KEY = 'labeltrail:tab:live';

/**
 * This tab's id, kept in sessionStorage so that a reload of the tab (and only of it) finds it
 * again; never the id of another live page. The browser's "Duplicate tab" copies
 * sessionStorage, id included, so a page marks the id as taken for as long as it lives and
 * clears the mark on `pagehide` (a reload's old page does so before the new page starts). A
 * page that finds the mark takes a new id: it is the copy of a live page, or the reload of one
 * that went without a `pagehide` (crashed or discarded), whose count is then recovered rather
 * than resumed. A new id, too, when sessionStorage is missing or refuses.
 */
export class TabId {
  readonly id: string;
  /** This page's own id, the value of the mark. */
  readonly #page = uuidv7();
  readonly #storage: Storage | undefined;
  readonly #onError: ErrorSink;
  readonly #removers: (() => void)[];

  constructor(storage: Storage | undefined, win: Window | undefined, onError: ErrorSink) {
    this.#storage = storage;
    this.#onError = onError;
    this.id = this.#take();
    this.#removers = [
      listen(
        win,
        'pagehide',
        guard(onError, () => this.#unmark()),
      ),
      // Back from the back/forward cache, the page lives again: its id is taken again.
      listen(
        win,
        'pageshow',
        guard(onError, (event) => (event as PageTransitionEvent).persisted && this.#mark()),
      ),
    ];
  }

  /** Gives the id up (the trail closed): a later trail of this page may take it again. */
  dispose(): void {
    this.#removers.forEach((remove) => remove());
    this.#unmark();
  }

  #take(): string {
    const storage = this.#storage;
    try {
      const known = storage?.getItem(TAB_KEY);
      const id = known && !storage?.getItem(LIVE_KEY) ? known : uuidv7();
      storage?.setItem(TAB_KEY, id);
      storage?.setItem(LIVE_KEY, this.#page);
      return id;
    } catch {
      // Storage access throws in sandboxed frames and some privacy modes.
      return uuidv7();
    }
  }

  #mark(): void {
    this.#storage?.setItem(TAB_KEY, this.id);
    this.#storage?.setItem(LIVE_KEY, this.#page);
  }

  #unmark(): void {
    try {
      if (this.#storage?.getItem(LIVE_KEY) === this.#page) this.#storage.removeItem(LIVE_KEY);
    } catch (error) {
      this.#onError(error);
    }
  }
}
