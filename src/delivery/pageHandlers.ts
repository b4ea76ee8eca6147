import type { TrailHub } from '../events/TrailHub.js';
import type { PageHandlers } from '../lib/watchPage.js';
import type { WriteBuffer } from '../queue/WriteBuffer.js';
import type { Deliveries } from './Deliveries.js';
import type { FetchSender } from './FetchSender.js';
import { TrailDeliveryError } from './TrailDeliveryError.js';

export interface PageParts {
  readonly hub: TrailHub;
  readonly buffer: WriteBuffer;
  readonly sender: FetchSender;
  readonly deliveries: Deliveries;
}

/** What the trail does as the page is hidden, shown, goes offline or away. */
export function pageHandlers({ hub, buffer, sender, deliveries }: PageParts): PageHandlers {
  const refreshHeaders = (): void => {
    sender.headers().catch((error: unknown) => {
      hub.report(new TrailDeliveryError(undefined, `headers() failed: ${String(error)}`, 0, 'headers_failed'));
    });
  };
  // The unload send cannot wait for the integrator's headers function: have them ready.
  refreshHeaders();
  return {
    online(online) {
      hub.set({ online });
      if (online) deliveries.resetBackoff();
    },
    visibility(hidden) {
      void buffer.persist();
      // The page may be closed soon after it is hidden: have fresh headers for pagehide.
      if (hidden) refreshHeaders();
      deliveries.now();
    },
    pagehide(cached) {
      // Each unsettled event at most once per page life: a page that goes into the
      // back/forward cache, comes back and leaves again does not send them all again.
      // Into the cache, no write starts: WebKit suspends it there, and every other page's
      // requests to the queue wait behind it; the buffer keeps the events for the restore.
      const pending = buffer.forUnload(!cached);
      if (pending.length) buffer.sentOnUnload(sender.sendOnUnload(pending));
    },
    pageshow(restored) {
      // Back from the back/forward cache: its timers were frozen meanwhile and the network
      // may have changed, so, as on `online`, the client's own backoff is forgotten.
      if (!restored) return;
      deliveries.resetBackoff();
      void buffer.persist();
    },
  };
}
