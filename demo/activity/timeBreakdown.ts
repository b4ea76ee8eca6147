import type { UserStats } from '../../src/collector/index.js';
import { el } from '../lib/el.js';

const COLUMNS = [
  ['Counted', (u: UserStats) => u.timeInToolMs],
  ['Active', (u: UserStats) => u.breakdown.activeMs],
  ['Stalled', (u: UserStats) => u.breakdown.stalledMs],
  ['Idle', (u: UserStats) => u.breakdown.idleMs],
  ['Hidden', (u: UserStats) => u.breakdown.hiddenMs],
  ['Blurred', (u: UserStats) => u.breakdown.blurredMs],
] as const;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Where each user's open time went, as a table beside the time-in-tool chart: counted
 * (active + stalled, what pay uses), then every bucket of `item.duration`.
 */
export function timeBreakdown(users: readonly UserStats[]): HTMLTableElement {
  const head = el('tr', {}, el('th', { text: 'User', scope: 'col' }));
  for (const [name] of COLUMNS) head.append(el('th', { text: name, scope: 'col' }));
  const rows = users.map((user) =>
    el(
      'tr',
      {},
      el('th', { text: user.actor, scope: 'row' }),
      ...COLUMNS.map(([, value]) => el('td', { text: seconds(value(user)) })),
    ),
  );
  return el(
    'table',
    { class: 'breakdown', 'aria-label': 'Time breakdown per user' },
    el('thead', {}, head),
    el('tbody', {}, ...rows),
  );
}
