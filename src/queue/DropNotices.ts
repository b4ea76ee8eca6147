import type { TrailEvent } from '../events/schema.js';
import type { AppendResult } from './Queue.js';

/**
 * Turns the queue's drops into `trail.dropped` notices. A notice written into a full queue
 * displaces one more event; reporting that at once would make notices displace each other
 * forever, so such drops wait for the next notice, or for a delivery that makes room.
 */
export class DropNotices {
  // Drops that no notice has reported yet.
  readonly #unreported = { queue_full: 0, expired: 0 };

  readonly #notify: (count: number, reason: 'queue_full' | 'expired') => void;
  readonly #counted: (n: number) => void;

  constructor(notify: (count: number, reason: 'queue_full' | 'expired') => void, counted: (n: number) => void) {
    this.#notify = notify;
    this.#counted = counted;
  }

  /** A write of `events` dropped what `result` says. */
  dropped(events: readonly TrailEvent[], result: AppendResult): void {
    const { droppedFull: full, droppedExpired: expired, droppedNotices: notices } = result;
    if (!full && !expired) return;
    this.#counted(full + expired);
    // A dropped notice takes its count with it: report that count again.
    this.#unreported.queue_full += full + (notices?.queue_full ?? 0);
    this.#unreported.expired += expired + (notices?.expired ?? 0);
    if (events.some((e) => e.type !== 'trail.dropped')) this.report();
  }

  /** Emits a notice for each reason with drops not yet reported. */
  report(): void {
    for (const reason of ['queue_full', 'expired'] as const) {
      const count = this.#unreported[reason];
      if (count === 0) continue;
      this.#unreported[reason] = 0;
      this.#notify(count, reason);
    }
  }
}
