import { createHash } from 'node:crypto';
import { HttpError } from '../http/HttpError.js';
import type { LogFilter } from './logFilter.js';

/** Sort key of a page: by event time, or by action number (then time). */
export type SortKey = 'time' | 'action';
export type SortOrder = 'asc' | 'desc';

/** What a cursor carries: where the last page ended and which rows the listing may see. */
export interface CursorState {
  readonly sort: SortKey;
  readonly order: SortOrder;
  /** Sort-key values of the last row served: [time, id] or [action, time, id]. */
  readonly after: readonly (string | number)[];
  /** Highest insertion number visible to this listing; later arrivals wait for a new listing. */
  readonly maxSeqno: number;
  /** Fingerprint of the filters, so a cursor is never replayed against different filters. */
  readonly filter: string;
}

/** A short, stable digest of a filter (keys sorted) for cursor binding. */
export function filterFingerprint(filter: LogFilter): string {
  const sorted = Object.fromEntries(Object.entries(filter).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('base64url').slice(0, 16);
}

/** Makes the opaque `cursor` string handed to clients. */
export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify([1, state.sort, state.order, state.after, state.maxSeqno, state.filter])).toString(
    'base64url',
  );
}

/** Reads a cursor back; a damaged or foreign one is a 400 that says so. */
export function decodeCursor(raw: string): CursorState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new HttpError(400, 'cursor: not a cursor returned by this collector');
  }
  if (!Array.isArray(parsed) || parsed[0] !== 1 || parsed.length !== 6) {
    throw new HttpError(400, 'cursor: not a cursor returned by this collector');
  }
  const [, sort, order, after, maxSeqno, filter] = parsed as unknown[];
  const valid =
    (sort === 'time' || sort === 'action') &&
    (order === 'asc' || order === 'desc') &&
    Array.isArray(after) &&
    after.length === (sort === 'time' ? 2 : 3) &&
    after.every((value) => typeof value === 'string' || typeof value === 'number') &&
    typeof maxSeqno === 'number' &&
    typeof filter === 'string';
  if (!valid) throw new HttpError(400, 'cursor: damaged cursor; start again without one');
  return { sort, order, after: after as (string | number)[], maxSeqno, filter } as CursorState;
}
