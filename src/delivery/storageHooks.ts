import type { Deliveries } from './Deliveries.js';
import type { TrailHub } from '../events/TrailHub.js';
import type { StorageHooks } from '../queue/Storage.js';
import { TrailStorageError } from '../queue/TrailStorageError.js';

/** Storage's reports, as status and errors on the hub, and its queues' deliverers. */
export function storageHooks(hub: TrailHub, deliveries: () => Deliveries): StorageHooks {
  return {
    phase: (phase) => void (phase !== 'closing' && hub.set({ storage: phase })),
    failed: (operation, error) => hub.report(new TrailStorageError(operation, error)),
    opened(queue) {
      deliveries().open(queue);
      queue.totals().then(
        (t) => hub.set({ queued: t.events }),
        () => undefined,
      );
    },
    pauseMemory: () => deliveries().pauseMemory(),
    resumeMemory: () => deliveries().resumeMemory(),
    moved(result, queue) {
      hub.set({ queued: result.totals.events });
      deliveries().stored(queue);
    },
  };
}
