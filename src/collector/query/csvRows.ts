import { typeInfoOf } from '../../events/typeInfoOf.js';
import type { StoredEvent } from './queryPage.js';

/**
 * CSV columns: first the label-log columns of the source platform, in its order, then
 * labeltrail's own. `payload` is the payload as JSON text; the time buckets of an
 * `item.duration` follow it (empty for other events, and for clients older than them).
 */
export const csvColumns = [
  'log_hash',
  'user_hash',
  'user_email',
  'identifier',
  'data_hash',
  'feature_hash',
  'action',
  'label_name',
  'time_taken',
  'created_at',
  'frame',
  'branch_name',
  'graph_node_uuid',
  'type',
  'category',
  'session',
  'seq',
  'mono',
  'project',
  'dataset',
  'job',
  'task',
  'annotation',
  'team',
  'payload',
  'open_ms',
  'active_ms',
  'stalled_ms',
  'idle_ms',
  'hidden_ms',
  'blurred_ms',
] as const;

const BUCKET_FIELDS = ['openMs', 'activeMs', 'stalledMs', 'idleMs', 'hiddenMs', 'blurredMs'] as const;

type Cell = string | number | null | undefined;

// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One field: a text that a spreadsheet would run as a formula gets a leading `'` (OWASP's
 * advice on CSV injection), then RFC 4180 quoting for a comma, quote or line break, with
 * inner quotes doubled. Numbers are written as they are.
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// An event time as ISO 8601; empty for a stored time no Date can hold (rows written before
// times were bounded), so one such row never breaks an export.
const isoTime = (ms: number): string => (Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : '');

/** The header line, CRLF-terminated as RFC 4180 asks. */
export function csvHeader(): string {
  return `${csvColumns.join(',')}\r\n`;
}

/** One CSV line for a stored event, in `csvColumns` order. */
export function csvLine({ event, team }: StoredEvent): string {
  const { context, label } = event;
  const cells: Cell[] = [
    event.id,
    event.actor.id,
    event.actor.email,
    label?.id,
    context.item,
    label?.feature,
    event.code,
    label?.name,
    event.durationMs,
    isoTime(event.time),
    context.frame,
    context.branch,
    context.workflowStage,
    event.type,
    typeInfoOf(event)?.category,
    event.session,
    event.seq,
    event.mono,
    context.project,
    context.dataset,
    context.job,
    context.task,
    context.annotation,
    team,
    event.payload === undefined ? undefined : JSON.stringify(event.payload),
    ...BUCKET_FIELDS.map((field) => {
      const value = event.type === 'item.duration' ? event.payload?.[field] : undefined;
      return typeof value === 'number' ? value : undefined;
    }),
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}
