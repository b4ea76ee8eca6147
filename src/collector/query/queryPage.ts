import type { TrailEvent } from '../../events/schema.js';
import { EVENTS_TABLE } from '../defaults.js';
import type { SqlQueryable } from '../SqlClient.js';
import { decodeCursor, encodeCursor, filterFingerprint } from './cursor.js';
import type { SortKey, SortOrder } from './queryParams.js';
import { HttpError } from '../http/HttpError.js';
import type { LogFilter } from './logFilter.js';
import { SqlParams, whereClause } from './whereClause.js';

/** One stored event as read back: the envelope plus what the collector added. */
export interface StoredEvent {
  readonly event: TrailEvent;
  readonly team: string | null;
}

/** A page of events and the cursor of the next one (null on the last page). */
export interface EventPage {
  readonly events: StoredEvent[];
  readonly nextCursor: string | null;
}

export interface PageRequest {
  readonly filter: LogFilter;
  readonly sort: SortKey;
  readonly order: SortOrder;
  readonly limit: number;
  readonly cursor?: string;
  /** Signs and checks cursors (`cursorSecret`). */
  readonly secret: Buffer;
}

const sortColumns: Record<SortKey, string[]> = {
  time: ['time_ms', 'id'],
  action: ['coalesce(code, -1)', 'time_ms', 'id'],
};

interface PageRow {
  event: TrailEvent | string;
  team: string | null;
  id: string;
  time_ms: number | string;
  action_key: number | string;
}

/**
 * Reads one page with keyset pagination on (sort key, id). The first page captures the
 * highest insertion number; every later page of the listing is bounded by it, so events
 * that arrive meanwhile never shift, skip or repeat rows.
 */
export async function queryPage(db: SqlQueryable, request: PageRequest): Promise<EventPage> {
  const fingerprint = filterFingerprint(request.filter);
  const { sort, order } = request;
  let after: readonly (string | number)[] | undefined;
  let maxSeqno: number;
  if (request.cursor) {
    const state = decodeCursor(request.cursor, request.secret);
    if (state.filter !== fingerprint) {
      throw new HttpError(
        400,
        'cursor: it belongs to a listing with other filters; repeat the same filters or drop the cursor',
      );
    }
    // Paging one listing by another's sort key would skip and repeat rows.
    if (state.sort !== sort || state.order !== order) {
      throw new HttpError(
        400,
        `cursor: it belongs to a listing with sort=${state.sort}&order=${state.order}; repeat them or drop the cursor`,
      );
    }
    ({ after, maxSeqno } = state);
  } else {
    // The highest insertion number handed out so far. On PGlite (one connection, one
    // transaction at a time) every number up to it is committed or rolled back; on a
    // multi-connection server a transaction still in flight may commit a lower number later.
    const top = await db.query<{ m: number | string }>(
      `SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS m FROM ${EVENTS_TABLE}_seqno_seq`,
    );
    maxSeqno = Number(top.rows[0]?.m ?? 0);
  }

  const params = new SqlParams();
  const conditions = whereClause(request.filter, params);
  conditions.push(`seqno <= ${params.add(maxSeqno)}`);
  const columns = sortColumns[sort];
  if (after) {
    const placeholders = after.map((value, index) => {
      const placeholder = params.add(value);
      return columns[index] === 'id' ? `${placeholder}::uuid` : placeholder;
    });
    conditions.push(`(${columns.join(', ')}) ${order === 'asc' ? '>' : '<'} (${placeholders.join(', ')})`);
  }
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  const sql = `SELECT event, team, id::text AS id, time_ms, coalesce(code, -1) AS action_key
FROM ${EVENTS_TABLE}
WHERE ${conditions.join(' AND ')}
ORDER BY ${columns.map((column) => `${column} ${direction}`).join(', ')}
LIMIT ${params.add(request.limit + 1)}`;
  const result = await db.query<PageRow>(sql, params.values);

  const rows = result.rows.slice(0, request.limit);
  const last = rows.at(-1);
  const hasMore = result.rows.length > request.limit && last !== undefined;
  const nextCursor = hasMore
    ? encodeCursor(
        {
          sort,
          order,
          after:
            sort === 'time'
              ? [Number(last.time_ms), last.id]
              : [Number(last.action_key), Number(last.time_ms), last.id],
          maxSeqno,
          filter: fingerprint,
        },
        request.secret,
      )
    : null;
  return {
    // A json column comes back parsed from PGlite and as text from some drivers.
    events: rows.map((row) => ({
      event: typeof row.event === 'string' ? (JSON.parse(row.event) as TrailEvent) : row.event,
      team: row.team,
    })),
    nextCursor,
  };
}
