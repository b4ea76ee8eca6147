import type { Trail, TrailStatus } from '../../src/index.js';
import { el } from '../lib/el.js';
import { formatTime } from '../lib/formatTime.js';

/** Rows kept in the delivery log: enough for a QA session, small enough to read. */
const MAX_ROWS = 50;

/**
 * Pipeline counters from `status$`, and one row per delivery attempt: it starts when
 * `inFlight` rises and ends when it falls back to 0; the outcome is what the counters and
 * `errors$` say happened in between.
 */
export function mountDeliveryLog(container: HTMLElement, trail: Trail): void {
  const counters = el('dl', { class: 'counters' });
  const table = el('table', { class: 'deliveries' });
  const body = el('tbody');
  table.append(
    el(
      'thead',
      {},
      el('tr', {}, el('th', { text: 'Time' }), el('th', { text: 'Events' }), el('th', { text: 'Outcome' })),
    ),
    body,
  );
  container.append(counters, table);

  let previous: TrailStatus | undefined;
  let open: { row: HTMLTableRowElement; at: number; delivered: number; rejected: number } | undefined;
  let lastError: string | undefined;
  trail.errors$.subscribe((error) => {
    const status = (error as { status?: number }).status;
    lastError = `${status ? `HTTP ${status}: ` : ''}${error.message}`;
  });

  trail.status$.subscribe((s) => {
    counters.replaceChildren(
      ...(
        [
          ['queued', s.queued],
          ['in flight', s.inFlight],
          ['delivered', s.delivered],
          ['rejected', s.rejected],
          ['dropped', s.dropped],
          ['refused', s.refused],
          ['storage', s.storage],
          ['leader', s.leader ? 'yes' : 'no'],
          ['online', s.online ? 'yes' : 'no'],
        ] as const
      ).flatMap(([k, v]) => [
        el('dt', { text: k }),
        el('dd', { 'data-counter': k.replace(' ', '-'), text: String(v) }),
      ]),
    );
    if (s.inFlight > 0 && !(previous && previous.inFlight > 0)) {
      lastError = undefined;
      const row = el(
        'tr',
        { class: 'pending' },
        el('td', { text: formatTime(Date.now()) }),
        el('td', { text: String(s.inFlight) }),
        el('td', { text: 'sending…' }),
      );
      body.prepend(row);
      while (body.rows.length > MAX_ROWS) body.lastElementChild?.remove();
      open = { row, at: performance.now(), delivered: s.delivered, rejected: s.rejected };
    } else if (s.inFlight === 0 && open) {
      const delivered = s.delivered - open.delivered;
      const rejected = s.rejected - open.rejected;
      const ms = Math.round(performance.now() - open.at);
      const ok = delivered > 0 || rejected > 0;
      const outcome = ok
        ? `delivered ${delivered}${rejected ? `, rejected ${rejected}` : ''} in ${ms} ms`
        : `failed after ${ms} ms: ${lastError ?? s.lastError ?? 'no answer'} (kept, will retry)`;
      open.row.className = ok ? (rejected ? 'warn' : 'ok') : 'fail';
      open.row.lastElementChild!.textContent = outcome;
      open = undefined;
    }
    previous = s;
  });
}
