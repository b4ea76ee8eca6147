import { FLUSH_STORE_WAIT_MS } from '../defaults.js';
import { later } from '../lib/later.js';
import { TrailDeliveryError } from './TrailDeliveryError.js';

/** The storage a flush looks through: whether IndexedDB is still unseen, and when it is seen. */
export interface StoreSight {
  readonly unseen: boolean;
  whenSeen(): Promise<void>;
}

/**
 * Waits, while IndexedDB has not opened and is being tried again, until it opens: events an
 * earlier page stored wait there, and a flush that resolved without them would say they were
 * delivered. Waits at most `waitMs` (`FLUSH_STORE_WAIT_MS` when undefined), then rejects with
 * a `TrailDeliveryError` `storage_unavailable`.
 */
export async function waitForStore(storage: StoreSight, waitMs = FLUSH_STORE_WAIT_MS): Promise<void> {
  if (!storage.unseen) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => (timer = later(resolve, waitMs)));
  await Promise.race([storage.whenSeen(), late]);
  clearTimeout(timer);
  if (storage.unseen) {
    const reason = `IndexedDB did not open within ${waitMs} ms; events stored by earlier pages cannot be seen`;
    throw new TrailDeliveryError(undefined, reason, 0, 'storage_unavailable');
  }
}
