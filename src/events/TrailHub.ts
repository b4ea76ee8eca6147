import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import type { TrailEvent } from './schema.js';

/** What `status.storage` reports: where new events go, and when the trail has closed. */
export type StoragePhase = 'opening' | 'indexeddb' | 'memory' | 'file' | 'closed';

/** A snapshot of the pipeline, published on `status$` whenever it changes. */
export interface TrailStatus {
  /** Events stored and not yet acknowledged (all tabs, as last seen by this one). */
  readonly queued: number;
  /** Events in the request now in flight from this tab. */
  readonly inFlight: number;
  /** Events this tab delivered (2xx, not rejected). */
  readonly delivered: number;
  /** Events dropped because the queue was full or too old. */
  readonly dropped: number;
  /** Events the endpoint refused for good (parked, see `rejectedEvents()`). */
  readonly rejected: number;
  /** `track()` calls refused for bad input. */
  readonly refused: number;
  readonly lastError: string | null;
  /** This tab holds the delivery lock. */
  readonly leader: boolean;
  /** `navigator.onLine` as last reported. */
  readonly online: boolean;
  /**
   * `opening` → `indexeddb` ⇄ `memory` (IndexedDB failing, retried on the backoff) → `closed`;
   * `file` for labeltrail/node's journal.
   */
  readonly storage: StoragePhase;
}

type Counter = 'delivered' | 'dropped' | 'rejected' | 'refused';

/**
 * The trail's three streams and its status, in one place. rxjs subjects: a subscriber that
 * throws has its error reported on a task of its own (rxjs's `reportUnhandledError`), and
 * the other subscribers and the pipeline go on.
 */
export class TrailHub {
  readonly #events = new Subject<TrailEvent>();
  readonly #errors = new Subject<Error>();
  readonly #status = new BehaviorSubject<TrailStatus>({
    queued: 0,
    inFlight: 0,
    delivered: 0,
    dropped: 0,
    rejected: 0,
    refused: 0,
    lastError: null,
    leader: false,
    online: typeof navigator === 'undefined' ? true : navigator.onLine,
    storage: 'opening',
  });
  readonly events$: Observable<TrailEvent> = this.#events.asObservable();
  readonly errors$: Observable<Error> = this.#errors.asObservable();
  readonly status$: Observable<TrailStatus> = this.#status.asObservable();
  readonly #onError: ((error: Error) => void) | undefined;

  constructor(onError?: (error: Error) => void) {
    this.#onError = onError;
  }

  get status(): TrailStatus {
    return this.#status.value;
  }

  /** Publishes a new status when anything in `patch` differs from the current one. */
  set(patch: Partial<TrailStatus>): void {
    const now = this.#status.value;
    if ((Object.keys(patch) as (keyof TrailStatus)[]).every((k) => patch[k] === now[k])) return;
    this.#status.next({ ...now, ...patch });
  }

  count(counter: Counter, n: number): void {
    // Adding 0 changes nothing, and `set` publishes only a change.
    this.set({ [counter]: this.#status.value[counter] + n });
  }

  /** The one hot-path call: a `Subject.next`, no operator chain. */
  event(event: TrailEvent): void {
    this.#events.next(event);
  }

  report(error: Error): void {
    this.set({ lastError: error.message });
    this.#errors.next(error);
    try {
      this.#onError?.(error);
    } catch {
      // The integrator's handler must not break the pipeline.
    }
  }

  complete(): void {
    this.#events.complete();
    this.#errors.complete();
    this.#status.complete();
  }
}
