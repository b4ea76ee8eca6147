import type { TrailEvent } from '../events/schema.js';
import type { AppendResult } from './Queue.js';

/** Turns the queue's drops into `trail.dropped` notices (see `dropNotices`). */
export interface DropNotices {
  /** A write of `events` dropped what `result` says. */
  dropped(events: readonly TrailEvent[], result: AppendResult): void;
  /** Emits a notice for each reason with drops not yet reported. */
  report(): void;
  /** Notices emitted so far. */
  readonly sent: number;
}

/**
 * A notice written into a full queue displaces one more event; reporting that at once would
 * make notices displace each other forever, so such drops wait for the next notice, or for a
 * delivery that makes room.
 */
export function dropNotices(
  notify: (count: number, reason: 'queue_full' | 'expired') => void,
  counted: (n: number) => void,
): DropNotices {
  // Drops that no notice has reported yet.
  const unreported = { queue_full: 0, expired: 0 };
  let sent = 0;
  const report = (): void => {
    for (const reason of ['queue_full', 'expired'] as const) {
      const count = unreported[reason];
      if (count === 0) continue;
      unreported[reason] = 0;
      sent++;
      notify(count, reason);
    }
  };
  return {
    report,
    get sent() {
      return sent;
    },
    dropped(events, { droppedFull: full, droppedExpired: expired, droppedNotices: notices }) {
      if (!full && !expired) return;
      counted(full + expired);
      // A dropped notice takes its count with it: report that count again.
      unreported.queue_full += full + (notices?.queue_full ?? 0);
      unreported.expired += expired + (notices?.expired ?? 0);
      if (events.some((e) => e.type !== 'trail.dropped')) report();
    },
  };
}
