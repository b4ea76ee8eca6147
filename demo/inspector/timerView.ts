import type { Trail } from '../../src/index.js';
import { el } from '../lib/el.js';

/** Refresh rate of the timer display: a tenth of a second reads as live. */
const REFRESH_MS = 250;

/** The time-in-tool timer's state for the open item (`trail.timeInTool()`). */
export function mountTimerView(container: HTMLElement, trail: Trail): void {
  const out = el('dl', { class: 'counters', 'data-timer': '' });
  container.append(out);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  setInterval(() => {
    const t = trail.timeInTool();
    const state = !t.item
      ? 'no item'
      : t.idle
        ? 'idle (paused)'
        : t.running
          ? 'counting'
          : 'paused (hidden or unfocused)';
    out.replaceChildren(
      ...(
        [
          ['item', t.item ?? '—'],
          ['state', state],
          ['counted', seconds(t.countedMs)],
          ['editing', seconds(t.editingMs)],
          ['touched', t.touched ? 'yes' : 'no'],
        ] as const
      ).flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]),
    );
  }, REFRESH_MS);
}
