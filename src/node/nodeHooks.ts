import type { DelivererHooks } from '../delivery/Deliverer.js';
import { TrailDeliveryError } from '../delivery/TrailDeliveryError.js';
import { TrailStorageError } from '../queue/TrailStorageError.js';
import type { NodeStatus } from './NodeStatus.js';

/** The deliverer's reports, as a Node trail's status figures and errors; `settled` after each answered batch. */
export function nodeHooks(hub: NodeStatus, settled: () => void): DelivererHooks {
  return {
    settled(taken, result, totals) {
      const rejected = result.rejected.size + result.rejectedUnnamed;
      hub.set({ queued: totals.events });
      hub.count('delivered', result.ok ? taken.events.length - rejected : 0);
      hub.count('rejected', rejected);
      if (rejected) hub.report(new TrailDeliveryError(result.status, result.reason ?? 'events rejected', rejected));
      settled();
      hub.settled.next();
    },
    failed(result, retryInMs) {
      const reason = `${result.reason ?? 'failed'}; retrying in ${Math.round(retryInMs)} ms`;
      hub.report(new TrailDeliveryError(result.status, reason, 0));
    },
    inFlight: (n) => hub.set({ inFlight: n }),
    broken: (error) => hub.report(new TrailStorageError('read', error)),
  };
}
