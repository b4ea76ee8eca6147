import { eventTypes } from '../../events/taxonomy.js';
import type { StoredEvent } from './queryPage.js';

/**
 * CSV columns: first the label-log columns of the source platform, in its order, then
 * labeltrail's own. `payload` is the payload as JSON text.
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
  'team',
  'payload',
] as const;

type Cell = string | number | null | undefined;

// RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes.
function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

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
    new Date(event.time).toISOString(),
    context.frame,
    context.branch,
    context.workflowStage,
    event.type,
    eventTypes[event.type].category,
    event.session,
    event.seq,
    event.mono,
    context.project,
    context.dataset,
    context.job,
    context.task,
    team,
    event.payload === undefined ? undefined : JSON.stringify(event.payload),
  ];
  return `${cells.map(cell).join(',')}\r\n`;
}
