import type { TrailEvent } from '../events/schema.js';
import type { TrailHub } from '../events/TrailHub.js';
import { TrailStorageError } from '../queue/TrailStorageError.js';
import type { DelivererHooks } from './Deliverer.js';
import { TrailDeliveryError } from './TrailDeliveryError.js';

/** Highest seq per session among `events`: what a settlement tells the other tabs. */
export function highestSeqs(events: readonly TrailEvent[]): Record<string, number> {
  const seqs: Record<string, number> = {};
  for (const e of events) if (!(e.seq <= (seqs[e.session] ?? -1))) seqs[e.session] = e.seq;
  return seqs;
}

/** The deliverers' reports, as status figures and errors on the hub; `settled` gets the seqs. */
export function statusHooks(hub: TrailHub, settled: (seqs: Record<string, number>) => void): DelivererHooks {
  return {
    settled(taken, result, totals) {
      const rejected = result.rejected.size + result.rejectedUnnamed;
      hub.set({ queued: totals.events });
      hub.count('delivered', result.ok ? taken.events.length - rejected : 0);
      hub.count('rejected', rejected);
      if (rejected) hub.report(new TrailDeliveryError(result.status, result.reason ?? 'events rejected', rejected));
      settled(highestSeqs(taken.events));
    },
    failed(result, retryInMs) {
      const reason = `${result.reason ?? 'failed'}; retrying in ${Math.round(retryInMs)} ms`;
      hub.report(new TrailDeliveryError(result.status, reason, 0));
    },
    inFlight: (n) => hub.set({ inFlight: n }),
    broken: (operation, error) => hub.report(new TrailStorageError(operation, error)),
  };
}
