import { Broadcast } from '../lib/Broadcast.js';
import type { TrailStatus } from '../createTrail.js';
import type { TrailEvent } from '../events/schema.js';

type Counter = 'delivered' | 'dropped' | 'rejected' | 'refused';

/** A Node trail's three streams and its status; the process holds its queue, so it leads. */
export class NodeStatus {
  #status: TrailStatus = {
    queued: 0,
    inFlight: 0,
    delivered: 0,
    dropped: 0,
    rejected: 0,
    refused: 0,
    lastError: null,
    leader: true,
    online: true,
    storage: 'opening',
  };
  readonly events = new Broadcast<TrailEvent>();
  readonly errors = new Broadcast<Error>();
  readonly status = new Broadcast<TrailStatus>({ value: this.#status });
  /** A batch settled: what a flush waits for. */
  readonly settled = new Broadcast<void>();

  constructor(private readonly onError: ((error: Error) => void) | undefined) {}

  get current(): TrailStatus {
    return this.#status;
  }

  set(patch: Partial<TrailStatus>): void {
    this.#status = { ...this.#status, ...patch };
    this.status.next(this.#status);
  }

  count(counter: Counter, n: number): void {
    if (n) this.set({ [counter]: this.#status[counter] + n });
  }

  report(error: Error): void {
    this.set({ lastError: error.message });
    this.errors.next(error);
    try {
      this.onError?.(error);
    } catch {
      // The integrator's handler must not break the pipeline.
    }
  }

  /** Resolves on the next settled batch, or after `pollMs` at the latest. */
  nextSettled(pollMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        sub.unsubscribe();
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      const sub = this.settled.subscribe(done);
    });
  }

  complete(): void {
    this.settled.complete();
    this.events.complete();
    this.errors.complete();
    this.status.complete();
  }
}
