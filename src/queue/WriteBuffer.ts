import { UNLOAD_MEMORY_MAX_EVENTS, WRITE_CHUNK_MAX_EVENTS, WRITE_DELAY_MS } from '../defaults.js';
import type { TrailEvent } from '../events/schema.js';
import { later } from '../lib/later.js';

/**
 * Accepted events on their way to storage: held for one frame (or until 500 have come), then
 * written as chunks. It also keeps this tab's events not yet known to be settled, which is
 * what `pagehide` sends, since nothing asynchronous finishes then.
 */
export class WriteBuffer {
  #buffer: TrailEvent[] = [];
  // Chunks cut from the buffer and not yet taken by a write.
  readonly #unwritten: TrailEvent[][] = [];
  #unsettled: TrailEvent[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> = Promise.resolve();
  #stopped = false;

  #soon = false;

  readonly #write: (chunks: TrailEvent[][]) => Promise<void>;
  readonly #failed: (error: unknown) => void;
  readonly #hidden: () => boolean;

  /** `hidden`: whether the page is hidden now (a hidden page's buffer is written at once). */
  constructor(
    write: (chunks: TrailEvent[][]) => Promise<void>,
    failed: (error: unknown) => void,
    hidden: () => boolean = () => false,
  ) {
    this.#write = write;
    this.#failed = failed;
    this.#hidden = hidden;
  }

  push(event: TrailEvent): void {
    this.#buffer.push(event);
    if (this.#buffer.length >= WRITE_CHUNK_MAX_EVENTS) void this.persist();
    // Visibility is read once per scheduled write, not per event. A hidden page's timers are
    // throttled (to once a second in Firefox): waiting for the frame would widen the crash
    // window, and a background tab closed from outside gets no pagehide. The events of one
    // task still go as one write.
    else if (this.#timer === undefined && !this.#soon) {
      if (this.#hidden()) this.#persistSoon();
      else this.#timer = later(() => void this.persist(), WRITE_DELAY_MS);
    }
  }

  #persistSoon(): void {
    if (this.#soon) return;
    this.#soon = true;
    queueMicrotask(() => {
      this.#soon = false;
      void this.persist();
    });
  }

  /** Starts writing everything buffered; resolves when all of it is stored. */
  persist(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#buffer.length === 0 || this.#stopped) return this.#writing;
    while (this.#buffer.length) {
      const events = this.#buffer.splice(0, WRITE_CHUNK_MAX_EVENTS);
      this.#unsettled.push(...events);
      this.#unwritten.push(events);
    }
    if (this.#unsettled.length > UNLOAD_MEMORY_MAX_EVENTS)
      this.#unsettled = this.#unsettled.slice(-UNLOAD_MEMORY_MAX_EVENTS);
    // Each write takes every chunk not yet taken, so the chunks of a burst that pile up while
    // one write runs go together in the next: one transaction, not one per chunk.
    this.#writing = this.#writing
      .then(() => (this.#unwritten.length ? this.#write(this.#unwritten.splice(0)) : undefined))
      .catch(this.#failed);
    return this.#writing;
  }

  /** This session's events up to `seq` were settled (here or by the delivering tab). */
  settled(upToSeq: number): void {
    let n = 0;
    while (n < this.#unsettled.length && this.#unsettled[n]!.seq <= upToSeq) n++;
    if (n) this.#unsettled = this.#unsettled.slice(n);
  }

  /**
   * What `pagehide` sends, newest first (the keepalive budget may not fit them all, and the
   * newest are those whose write may not finish before the page is torn down). Starts their
   * write too, unless `write` is false (the buffered ones then wait for `persist`). Pass how
   * many were handed to the browser to `sentOnUnload`.
   */
  forUnload(write = true): TrailEvent[] {
    if (write) void this.persist();
    else {
      // Held, not written: the timer would start the write while the page sits in the cache.
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    return [...this.#unsettled, ...this.#buffer].reverse();
  }

  /**
   * The newest `handed` events went out with the unload send: they are not sent again at the
   * next `pagehide` (a back/forward-cache exit comes back and exits again), and stay stored,
   * so the deliverer still sends them if the page lives on (the endpoint dedupes by id).
   */
  sentOnUnload(handed: number): void {
    // The newest go first: events still in the buffer (held at a pagehide into the cache) are
    // counted off before the unsettled ones; they are written on the restore and may go again.
    const unsettledHanded = Math.max(0, handed - this.#buffer.length);
    this.#unsettled = this.#unsettled.slice(0, Math.max(0, this.#unsettled.length - unsettledHanded));
  }

  /** Writes what is left and takes no more; resolves when stored. */
  async close(): Promise<void> {
    await this.persist();
    // A later push may still arm the timer; the persist it runs then writes nothing.
    this.#stopped = true;
  }
}
