import { backoffDelay } from '../lib/backoff.js';
import { later } from '../lib/later.js';
import { keepEvents, type Queue, type QueueTotals, type TakenBatch } from '../queue/Queue.js';
import type { PreparedBody, SendResult, Sender } from './Sender.js';
import { PoisonSearch } from './PoisonSearch.js';

/** A batch read (and encoded) while the one before it was in flight. */
interface Ahead {
  readonly batch: TakenBatch;
  readonly body: Promise<PreparedBody> | undefined;
}

export interface DelivererOptions {
  readonly maxEvents: number;
  readonly maxBytes: number;
  readonly delayMs: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
}

/** What the deliverer tells its owner after each answered request. */
export interface DelivererHooks {
  settled(batch: TakenBatch, result: SendResult, totals: QueueTotals): void;
  failed(result: SendResult, retryInMs: number): void;
  inFlight(events: number): void;
  /** A queue operation threw (storage trouble): `read` for taking a batch, `write` for settling one. */
  broken(operation: 'read' | 'write', error: unknown): void;
}

/**
 * Moves events from one queue to the endpoint, one batch in flight at a time. A batch
 * leaves the queue only once the endpoint answered it: 2xx (delivered, minus the events
 * it named as rejected) or a final 4xx (parked as rejected). Other failures wait with
 * exponential backoff and jitter, never sooner than the server's `Retry-After`; a batch
 * that keeps failing with 5xx is searched for a poison event (see `PoisonSearch`).
 */
export class Deliverer {
  #enabled = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Infinity;
  #draining = false;
  // The drain under way, for stop() to wait on.
  #running: Promise<void> = Promise.resolve();
  #again = false;
  #attempt = 0;
  #backoffUntil = 0;
  #retryAfterUntil = 0;
  // Shrinks after a 413 and stays shrunk: the endpoint's body limit does not change.
  #bodyCap: number;
  readonly #poison = new PoisonSearch();
  // The queue operation under way, so that a failure names what failed (a settle is a write).
  #operation: 'read' | 'write' = 'read';
  // Batches answered for good so far: tells whether a request took its batch out of the queue.
  #settledCount = 0;
  // The last answered batch being removed from the queue, while the next one is in flight: the
  // page's time per request is the slower of the two, not their sum. At most one is pending.
  #settling: Promise<void> = Promise.resolve();

  readonly #sender: Sender;
  readonly #options: DelivererOptions;
  readonly #hooks: DelivererHooks;
  readonly #keepalive: () => boolean;

  declare readonly queue: Queue;

  constructor(
    queue: Queue,
    sender: Sender,
    options: DelivererOptions,
    hooks: DelivererHooks,
    keepalive: () => boolean,
  ) {
    this.#sender = sender;
    this.#options = options;
    this.#hooks = hooks;
    this.#keepalive = keepalive;
    this.queue = queue;
    this.#bodyCap = options.maxEvents;
  }

  /** Starts or stops delivering (the tab gained or lost the delivery lock). */
  setEnabled(enabled: boolean): void {
    this.#enabled = enabled;
    if (enabled) this.#soon(0);
    else this.#clearTimer();
  }

  get isEnabled(): boolean {
    return this.#enabled;
  }

  /** New events were stored: deliver within the batching delay. */
  nudge(): void {
    this.#soon(this.#options.delayMs);
  }

  /** Deliver as soon as backoff allows (flush, start-up, page hidden or visible again). */
  now(): void {
    this.#soon(0);
  }

  /** The network came back: forget our own backoff, but still honour the server's Retry-After. */
  resetBackoff(): void {
    this.#attempt = this.#backoffUntil = 0;
    this.#soon(0);
  }

  #clearTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
  }

  #soon(delayMs: number): void {
    if (!this.#enabled) return;
    const at = Math.max(Date.now() + delayMs, this.#backoffUntil, this.#retryAfterUntil);
    if (this.#timer !== undefined && this.#timerAt <= at) return;
    this.#clearTimer();
    this.#timerAt = at;
    this.#timer = later(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      void this.drain();
    }, at - Date.now());
  }

  #backOff(): number {
    this.#attempt++;
    this.#backoffUntil = Date.now() + backoffDelay(this.#attempt, this.#options.retryBaseMs, this.#options.retryMaxMs);
    return Math.max(this.#backoffUntil, this.#retryAfterUntil) - Date.now();
  }

  /** Sends batches until the queue is empty, a send fails, or delivery is disabled. */
  drain(): Promise<void> {
    if (this.#draining) {
      this.#again = true;
      return this.#running;
    }
    this.#draining = true;
    this.#running = this.#run();
    return this.#running;
  }

  async #run(): Promise<void> {
    try {
      await this.#sendAll();
      await this.#settled();
    } catch (error) {
      this.#hooks.broken(this.#operation, error);
      this.#backOff();
      this.#soon(0);
    } finally {
      // A failed read leaves the last settle still writing: stop() waits for it through #running.
      await this.#settling.catch(() => undefined);
      this.#draining = false;
      this.#hooks.inFlight(0);
    }
  }

  async #sendAll(): Promise<void> {
    do {
      this.#again = false;
      let ahead: Promise<Ahead | undefined> | undefined;
      while (this.#enabled) {
        const wait = Math.max(this.#backoffUntil, this.#retryAfterUntil) - Date.now();
        if (wait > 0) return this.#soon(wait);
        const next = (await ahead) ?? { batch: await this.#next(), body: undefined };
        if (next.batch.events.length === 0) break;
        ahead = this.#readAhead(next.batch);
        const settledBefore = this.#settledCount;
        if (!(await this.#deliver(next.batch, next.body))) return;
        // Read ahead only for a batch that left the queue: a 413 sends it again, smaller.
        if (this.#settledCount === settledBefore) ahead = undefined;
      }
    } while (this.#again && this.#enabled);
  }

  /** Waits for the pending settle; its failure, a failed write, is thrown once. */
  async #settled(): Promise<void> {
    const settling = this.#settling;
    this.#settling = Promise.resolve();
    this.#operation = 'write';
    await settling;
    this.#operation = 'read';
  }

  /**
   * While a full batch is in flight, a backlog is likely: the batch after it is read and encoded
   * meanwhile (one request still in flight at a time). Not while a poison suspect is searched
   * for, whose batches depend on the answer. A failed read is left to the next `#next()`.
   */
  #readAhead(batch: TakenBatch): Promise<Ahead | undefined> | undefined {
    const cap = Math.min(this.#bodyCap, this.#poison.cap);
    const full = batch.events.length >= cap || batch.bytes >= this.#options.maxBytes / 2;
    if (!full || this.#poison.suspect || !this.queue.takeAfter) return undefined;
    const lastKey = batch.keys.at(-1)!;
    return this.queue.takeAfter(lastKey, cap, this.#options.maxBytes).then(
      (next): Ahead | undefined => {
        if (next.events.length === 0) return undefined;
        const body = this.#sender.prepare?.(next.events);
        body?.catch(() => undefined);
        return { batch: next, body };
      },
      () => undefined,
    );
  }

  /** The next batch: the suspect alone when it is due, else the others without it. */
  async #next(): Promise<TakenBatch> {
    const suspect = this.#poison.suspect;
    const cap = Math.min(this.#bodyCap, this.#poison.cap) + (suspect ? 1 : 0);
    // The batch answered last must be out of the queue first, or it would be read again.
    await this.#settled();
    const batch = await this.queue.take(cap, this.#options.maxBytes);
    if (!suspect || batch.events.length === 0) return batch;
    // The suspect is always the oldest event: when it is not first, it is gone.
    if (batch.events[0]!.id !== suspect) {
      this.#poison.forget();
      return batch;
    }
    // The batch without the suspect, or the suspect alone.
    const others = batch.events.slice(1);
    return keepEvents(batch, others.length && !this.#poison.suspectDue ? others : batch.events.slice(0, 1));
  }

  /**
   * Takes an answered batch out of the queue, after the settle before it (whose failure is
   * thrown here, to the drain); it runs on while the next batch is sent.
   */
  async #settle(batch: TakenBatch, result: SendResult): Promise<true> {
    await this.#settled();
    this.#settledCount++;
    this.#attempt = this.#backoffUntil = this.#retryAfterUntil = 0;
    this.#settling = this.queue.settle(batch, result.rejected, Date.now()).then((totals) => {
      this.#hooks.settled(batch, result, totals);
    });
    // Handled here for now, awaited later: a failure must not surface as an unhandled rejection.
    this.#settling.catch(() => undefined);
    return true;
  }

  /** One request; false when delivery must pause (a retry is scheduled). */
  async #deliver(batch: TakenBatch, body?: Promise<PreparedBody>): Promise<boolean> {
    this.#hooks.inFlight(batch.events.length);
    const result = await this.#sender.send(batch.events, this.#keepalive(), body);
    if (result.status === 413 && batch.events.length > 1) {
      this.#bodyCap = Math.max(1, Math.floor(batch.events.length / 2));
      return true;
    }
    if (result.ok) this.#poison.succeeded(batch.events);
    if (result.ok || !result.retry) return this.#settle(batch, result);
    // Only a plain 5xx points at the batch: network errors, 408, 429 and any answer with
    // Retry-After say the endpoint is busy or away, and never lead to parking.
    const poisonSuspected = result.status !== undefined && result.status >= 500 && result.retryAfterMs === undefined;
    if (poisonSuspected && this.#poison.failed(batch.events)) {
      const id = batch.events[0]!.id;
      this.#poison.forget();
      return this.#settle(batch, { ...result, rejected: new Map([[id, result.reason ?? `HTTP ${result.status}`]]) });
    }
    if (result.retryAfterMs !== undefined) this.#retryAfterUntil = Date.now() + result.retryAfterMs;
    this.#hooks.failed(result, this.#backOff());
    this.#soon(0);
    return false;
  }

  /**
   * Stops delivering; resolves once the request in flight (if any) has been answered and
   * settled, so nothing reaches the endpoint or the queue after the owner closes it.
   */
  stop(): Promise<void> {
    this.#enabled = false;
    this.#clearTimer();
    return this.#running;
  }
}
