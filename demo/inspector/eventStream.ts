import { eventTypes, type Trail } from '../../src/index.js';
import { el } from '../lib/el.js';
import { formatTime } from '../lib/formatTime.js';
import { readAccepted } from '../editor/acceptedLog.js';

/** Rows kept in the live stream; older ones are in the activity log. */
const MAX_ROWS = 100;

/** Every event the trail accepts, newest first, as `trail.events$` emits it. */
export function mountEventStream(container: HTMLElement, trail: Trail): void {
  const count = el('p', { class: 'muted' });
  const list = el('ol', { class: 'stream', reversed: true });
  container.append(count, list);
  let seen = 0;
  trail.events$.subscribe((e) => {
    seen++;
    count.textContent =
      `${seen} accepted on this page, ` + `${readAccepted().length} in this tab since it opened (kept across reloads)`;
    const info = eventTypes[e.type];
    const detail = [
      e.label?.name,
      e.context.item,
      e.context.frame !== undefined ? `frame ${e.context.frame}` : undefined,
      e.durationMs !== undefined ? `${Math.round(e.durationMs)} ms` : undefined,
      e.type === 'item.duration' ? `${(e.payload as { seconds: number }).seconds} s in tool` : undefined,
    ].filter(Boolean);
    list.prepend(
      el(
        'li',
        { class: `kind-${info.kind}`, 'data-type': e.type },
        el('span', { class: 'muted', text: `${formatTime(e.time)} #${e.seq}` }),
        ' ',
        el('code', { text: e.type }),
        info.code !== null ? ` (${info.code})` : '',
        detail.length ? ` · ${detail.join(' · ')}` : '',
      ),
    );
    while (list.children.length > MAX_ROWS) list.lastElementChild?.remove();
  });
}
