import type { TrailEvent } from '../events/schema.js';
import type { AppendResult } from '../queue/Queue.js';

/**
 * Turns the queue's drops into `trail.dropped` notices, as the browser trail does. A notice
 * written into a full queue displaces one more event; reporting that at once would make
 * notices displace each other forever, so such drops wait for the next notice, or for a
 * delivery that makes room (`report`).
 */
export function countDrops(
  notify: (count: number, reason: 'queue_full' | 'expired') => void,
  hub: { count(counter: 'dropped', n: number): void },
): { dropped(events: readonly TrailEvent[], result: AppendResult): void; report(): void } {
  const unreported = { queue_full: 0, expired: 0 };
  const report = (): void => {
    for (const reason of ['queue_full', 'expired'] as const) {
      const count = unreported[reason];
      if (count === 0) continue;
      unreported[reason] = 0;
      notify(count, reason);
    }
  };
  return {
    report,
    dropped(events, { droppedFull: full, droppedExpired: expired, droppedNotices: notices }) {
      if (!full && !expired) return;
      hub.count('dropped', full + expired);
      // A dropped notice takes its count with it: report that count again.
      unreported.queue_full += full + (notices?.queue_full ?? 0);
      unreported.expired += expired + (notices?.expired ?? 0);
      if (events.some((e) => e.type !== 'trail.dropped')) report();
    },
  };
}
