import type { TrailEvent } from '../events/schema.js';
import { backoffDelay } from '../lib/backoff.js';
import type { Queue, QueueTotals, TakenBatch } from '../queue/Queue.js';
import type { FetchSender, SendResult } from './FetchSender.js';

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
  /** A queue operation threw (storage trouble); the deliverer retries later. */
  broken(error: unknown): void;
}

/**
 * Moves events from one queue to the endpoint, one batch in flight at a time. A batch
 * leaves the queue only once the endpoint answered it: 2xx (delivered, minus the events
 * it named as rejected) or a final 4xx (parked as rejected). Other failures wait with
 * exponential backoff and jitter, never sooner than the server's `Retry-After`.
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
  #batchCap: number;
  readonly #sender: FetchSender;
  readonly #options: DelivererOptions;
  readonly #hooks: DelivererHooks;
  readonly #keepalive: () => boolean;

  constructor(
    readonly queue: Queue,
    sender: FetchSender,
    options: DelivererOptions,
    hooks: DelivererHooks,
    keepalive: () => boolean,
  ) {
    this.#sender = sender;
    this.#options = options;
    this.#hooks = hooks;
    this.#keepalive = keepalive;
    this.#batchCap = options.maxEvents;
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
    this.#attempt = 0;
    this.#backoffUntil = 0;
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
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      void this.drain();
    }, at - Date.now());
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
      do {
        this.#again = false;
        while (this.#enabled) {
          const wait = Math.max(this.#backoffUntil, this.#retryAfterUntil) - Date.now();
          if (wait > 0) {
            this.#soon(wait);
            return;
          }
          const batch = await this.queue.take(this.#batchCap, this.#options.maxBytes);
          if (batch.events.length === 0) break;
          if (!(await this.#deliver(batch))) return;
        }
      } while (this.#again && this.#enabled);
    } catch (error) {
      this.#hooks.broken(error);
      this.#attempt++;
      this.#backoffUntil =
        Date.now() + backoffDelay(this.#attempt, this.#options.retryBaseMs, this.#options.retryMaxMs);
      this.#soon(0);
    } finally {
      this.#draining = false;
      this.#hooks.inFlight(0);
    }
  }

  /** One request; false when delivery must pause (a retry is scheduled). */
  async #deliver(batch: TakenBatch): Promise<boolean> {
    this.#hooks.inFlight(batch.events.length);
    const result = await this.#sender.send(batch.events as TrailEvent[], this.#keepalive());
    if (result.status === 413 && batch.events.length > 1) {
      this.#batchCap = Math.max(1, Math.floor(batch.events.length / 2));
      return true;
    }
    if (result.ok || !result.retry) {
      const totals = await this.queue.settle(batch, result.rejected, Date.now());
      this.#attempt = 0;
      this.#backoffUntil = 0;
      this.#retryAfterUntil = 0;
      this.#hooks.settled(batch, result, totals);
      return true;
    }
    this.#attempt++;
    const delay = backoffDelay(this.#attempt, this.#options.retryBaseMs, this.#options.retryMaxMs);
    this.#backoffUntil = Date.now() + delay;
    if (result.retryAfterMs !== undefined) this.#retryAfterUntil = Date.now() + result.retryAfterMs;
    this.#hooks.failed(result, Math.max(this.#backoffUntil, this.#retryAfterUntil) - Date.now());
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
