import { eventTypes, isEventType, type Trail } from '../../src/index.js';
import { typeInfoOf } from '../../src/types/index.js';
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
    const inTab = readAccepted().length;
    count.textContent = `${seen} accepted on this page, ${inTab} in this tab since it opened (kept across reloads)`;
    const kind = typeInfoOf(e)?.kind ?? 'system';
    const code = isEventType(e.type) ? eventTypes[e.type].code : null;
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
        { class: `kind-${kind}`, 'data-type': e.type },
        el('span', { class: 'muted', text: `${formatTime(e.time)} #${e.seq}` }),
        ' ',
        el('code', { text: e.type }),
        code !== null ? ` (${code})` : '',
        detail.length ? ` · ${detail.join(' · ')}` : '',
      ),
    );
    while (list.children.length > MAX_ROWS) list.lastElementChild?.remove();
  });
}
