// The activity log: the collector read as an admin. Filters, sortable columns, colour-coded
// actions, relative times, CSV export of the current filter, and per-user statistics.
import { eventTypes, isEventType, type TrailEvent } from '../../src/index.js';
import { typeInfoOf } from '../../src/types/index.js';
import type { StatsReport } from '../../src/collector/index.js';
import { el } from '../lib/el.js';
import { loadConfig } from '../lib/loadConfig.js';
import { barChart } from './barChart.js';
import { timeBreakdown } from './timeBreakdown.js';
import { dateRange, type DatePreset } from './dateRange.js';
import { describeEvent } from './describeEvent.js';
import { downloadCsv } from './downloadCsv.js';
import { relativeTime } from './relativeTime.js';

/** Rows per page: a screenful; "Load more" follows the cursor. */
const PAGE_LIMIT = 50;

const root = document.getElementById('activity')!;
const banner = el('div', { class: 'banner', hidden: true });
const showError = (message: string | undefined) => {
  banner.hidden = !message;
  banner.textContent = message ?? '';
};
root.append(banner);

let token = '';
try {
  const config = await loadConfig();
  token = config.admin.token;
  document.getElementById('who')!.textContent = `reading as ${config.admin.id} (owner)`;
} catch (error) {
  showError(`Cannot load the demo configuration: ${String(error)}`);
}

const q = el('input', { type: 'search', name: 'q', placeholder: 'label, type or description' });
// Filled from GET /v1/categories: a category is offered once something of it happened.
const category = el('select', { name: 'category' }, el('option', { value: '' }, 'All categories'));
const preset = el(
  'select',
  { name: 'date' },
  ...(
    [
      ['all', 'Any time'],
      ['today', 'Today'],
      ['week', 'This week'],
      ['month', 'This month'],
      ['older', 'Older'],
      ['custom', 'Custom range'],
    ] as const
  ).map(([v, t]) => el('option', { value: v }, t)),
);
const from = el('input', { type: 'date', name: 'from', disabled: true });
const to = el('input', { type: 'date', name: 'to', disabled: true });
const csv = el('button', { type: 'button', 'data-action': 'csv' }, 'Export CSV');
const refresh = el('button', { type: 'button', 'data-action': 'refresh' }, 'Refresh');
const field = (label: string, input: HTMLElement) => el('label', {}, label, input);
root.append(
  el(
    'form',
    { class: 'filters', role: 'search' },
    field('Search', q),
    field('Category', category),
    field('Date', preset),
    field('From', from),
    field('To', to),
    refresh,
    csv,
  ),
);

let sort: 'time' | 'action' = 'time';
let order: 'asc' | 'desc' = 'desc';
const table = el('table', { class: 'log' });
const more = el('button', { type: 'button', hidden: true }, 'Load more');
const count = el('p', { class: 'muted' });
root.append(count, table, more);
const stats = el('section', { class: 'stats', 'aria-label': 'Statistics' });
root.append(el('h2', { text: 'Statistics' }), stats);

function params(): URLSearchParams {
  const range = dateRange(preset.value as DatePreset, new Date(), { from: from.value, to: to.value });
  const p = new URLSearchParams({ start: String(range.start), end: String(range.end), sort, order });
  if (q.value.trim()) p.set('q', q.value.trim());
  if (category.value) p.set('category', category.value);
  return p;
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    throw new Error(`${path.split('?')[0]}: HTTP ${response.status}${body.error ? ` — ${body.error}` : ''}`);
  }
  return (await response.json()) as T;
}

function header(): HTMLTableRowElement {
  const sortable = (key: 'time' | 'action', text: string) => {
    const button = el(
      'button',
      { type: 'button', 'data-sort': key },
      `${text}${sort === key ? (order === 'desc' ? ' ▼' : ' ▲') : ''}`,
    );
    button.addEventListener('click', () => {
      order = sort === key && order === 'desc' ? 'asc' : 'desc';
      sort = key;
      void load();
    });
    return el(
      'th',
      { 'aria-sort': sort === key ? (order === 'desc' ? 'descending' : 'ascending') : undefined },
      button,
    );
  };
  return el(
    'tr',
    {},
    sortable('time', 'Time'),
    sortable('action', 'Action'),
    el('th', { text: 'User' }),
    el('th', { text: 'Description' }),
  );
}

function row(e: TrailEvent): HTMLTableRowElement {
  // Custom types (a backend's project.exported) carry their kind; built-in ones take the taxonomy's.
  const kind = typeInfoOf(e)?.kind ?? 'system';
  const code = isEventType(e.type) ? eventTypes[e.type].code : null;
  return el(
    'tr',
    { 'data-id': e.id, 'data-type': e.type, 'data-kind': kind },
    el('td', { title: new Date(e.time).toISOString() }, relativeTime(e.time)),
    el('td', {}, el('span', { class: `action kind-${kind}` }, `${code ?? '–'} ${e.type}`)),
    el('td', { title: e.actor.email ?? '' }, e.actor.id),
    el('td', {}, describeEvent(e)),
  );
}

let cursor: string | null = null;
let shown = 0;
async function loadPage(first: boolean): Promise<void> {
  const p = params();
  p.set('limit', String(PAGE_LIMIT));
  if (!first && cursor) p.set('cursor', cursor);
  const page = await getJson<{ events: TrailEvent[]; nextCursor: string | null }>(`/v1/logs?${p}`);
  if (first) {
    table.replaceChildren(el('thead', {}, header()), el('tbody'));
    shown = 0;
  }
  table.tBodies[0]!.append(...page.events.map(row));
  shown += page.events.length;
  cursor = page.nextCursor;
  more.hidden = cursor === null;
  count.textContent = `${shown} event${shown === 1 ? '' : 's'} shown${cursor ? ', more available' : ''}`;
}

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

async function loadStats(): Promise<void> {
  const p = params();
  p.delete('sort');
  p.delete('order');
  const report = await getJson<StatsReport>(`/v1/stats?${p}`);
  const o = report.overall;
  const overall = el(
    'table',
    { class: 'overall' },
    ...(
      [
        ['Events', o.events],
        ['Time in tool', `${(o.timeInToolMs / 60_000).toFixed(1)} min`],
        ['Editing time', `${(o.editingMs / 60_000).toFixed(1)} min`],
        ['Labeled items', o.labeledItems],
        ['Labeled objects', o.labeledObjects],
        ['Reviewed items', o.reviewedItems],
        ['Completed tasks', o.completedTasks],
        ['Skipped tasks', o.skippedTasks],
        [
          'Labels approved / rejected',
          `${o.labels.approved} / ${o.labels.rejected} (${percent(o.labels.approvalRate)} approved)`,
        ],
      ] as const
    ).map(([k, v]) => el('tr', {}, el('th', { text: k }), el('td', { text: String(v) }))),
  );
  const reviewers = report.users.filter((u) => u.combined.approved + u.combined.rejected > 0);
  const rates = reviewers.length
    ? barChart(
        reviewers.map((u) => ({
          label: u.actor,
          values: [u.combined.approvalRate ?? 0, u.combined.rejectionRate ?? 0],
        })),
        ['approved', 'rejected'],
        { max: 1, format: (v) => `${Math.round(v * 100)}%`, title: 'Approval and rejection rate per reviewer' },
      )
    : el('p', { class: 'muted', text: 'No review decisions in this selection.' });
  const time = barChart(
    report.users.map((u) => ({ label: u.actor, values: [u.timeInToolMs / 1000] })),
    ['time'],
    {
      max: Math.max(1, ...report.users.map((u) => u.timeInToolMs / 1000)),
      format: (v) => `${v.toFixed(1)} s`,
      title: 'Time in tool per user',
    },
  );
  stats.replaceChildren(
    el('div', {}, el('h3', { text: 'Overall' }), overall),
    el(
      'div',
      { 'data-chart': 'rates' },
      el('h3', { text: 'Approval / rejection rate per reviewer' }),
      rates,
      el('h3', { text: 'Time in tool per user' }),
      time,
    ),
    el(
      'div',
      { 'data-table': 'breakdown' },
      el('h3', { text: 'Where the time went, per user' }),
      timeBreakdown(report.users),
    ),
  );
}

/** The category filter's options: the categories stored in the date range, with counts. */
async function loadCategories(): Promise<void> {
  const p = params();
  const range = new URLSearchParams({ start: p.get('start')!, end: p.get('end')! });
  const { categories } = await getJson<{ categories: { category: string; events: number }[] }>(
    `/v1/categories?${range}`,
  );
  const selected = category.value;
  const options = categories.map((c) => el('option', { value: c.category }, `${c.category} (${c.events})`));
  // The chosen category stays offered while nothing of it is in the range.
  if (selected && !categories.some((c) => c.category === selected))
    options.push(el('option', { value: selected }, `${selected} (0)`));
  category.replaceChildren(el('option', { value: '' }, 'All categories'), ...options);
  category.value = selected;
}

async function load(): Promise<void> {
  // The page stays usable when the collector is down: the error shows, the filters stay.
  try {
    cursor = null;
    await loadCategories();
    await loadPage(true);
    await loadStats();
    showError(undefined);
  } catch (error) {
    showError(`Cannot read the activity log: ${error instanceof Error ? error.message : String(error)}`);
  }
}

let typing: ReturnType<typeof setTimeout> | undefined;
q.addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(() => void load(), 250);
});
for (const input of [category, from, to]) input.addEventListener('change', () => void load());
preset.addEventListener('change', () => {
  from.disabled = to.disabled = preset.value !== 'custom';
  void load();
});
refresh.addEventListener('click', () => void load());
more.addEventListener('click', () => void loadPage(false).catch((error: unknown) => showError(String(error))));
csv.addEventListener(
  'click',
  () => void downloadCsv(params(), token).catch((error: unknown) => showError(String(error))),
);
root.querySelector('form')!.addEventListener('submit', (event) => event.preventDefault());
await load();
Object.assign(window, { activity: { ready: true } });
