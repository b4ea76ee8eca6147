import { openDB } from 'idb';
import type { Trail, TrailEvent } from '../../src/index.js';
import { el } from '../lib/el.js';

/** How often the stored queue is re-read: live enough to watch it fill and drain. */
const POLL_MS = 1_000;
/** Events listed; the count covers them all. */
const MAX_LISTED = 12;
/** The trail's default IndexedDB database. */
const DB_NAME = 'labeltrail';

/**
 * The queue as stored: reads the `labeltrail` database's `chunks` store (one value per
 * chunk of events) with `idb`, independently of the trail's own view of it.
 */
export function mountQueueView(container: HTMLElement, trail: Trail): void {
  const summary = el('p', { 'data-queue': 'summary', text: 'opening…' });
  const list = el('ol', { class: 'queue-list' });
  container.append(summary, list);
  let storage = 'opening';
  trail.status$.subscribe((s) => (storage = s.storage));

  const read = async () => {
    // Opening before the trail created the database would create an empty one in its way.
    if (storage !== 'indexeddb') {
      summary.textContent =
        storage === 'memory' ? 'IndexedDB unavailable: the trail keeps events in memory' : 'opening…';
      return;
    }
    const db = await openDB(DB_NAME);
    try {
      if (!db.objectStoreNames.contains('chunks')) return;
      const chunks = (await db.getAll('chunks')) as { events: TrailEvent[]; at: number }[];
      const events = chunks.flatMap((c) => c.events);
      summary.textContent =
        `${events.length} event${events.length === 1 ? '' : 's'} stored in ` +
        `${chunks.length} chunk${chunks.length === 1 ? '' : 's'}`;
      summary.dataset.events = String(events.length);
      list.replaceChildren(
        ...events
          .slice(0, MAX_LISTED)
          .map((e) =>
            el('li', {}, el('code', { text: e.type }), ` seq ${e.seq}`, e.context.item ? ` · ${e.context.item}` : ''),
          ),
        ...(events.length > MAX_LISTED
          ? [el('li', { class: 'muted', text: `… ${events.length - MAX_LISTED} more` })]
          : []),
      );
    } finally {
      // Never hold the connection: the trail may need to reopen or upgrade its database.
      db.close();
    }
  };
  const loop = () =>
    void read()
      .catch((error: unknown) => (summary.textContent = `cannot read IndexedDB: ${String(error)}`))
      .finally(() => setTimeout(loop, POLL_MS));
  loop();
}
