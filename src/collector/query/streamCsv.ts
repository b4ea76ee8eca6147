import type { ServerResponse } from 'node:http';
import { CSV_CHUNK_ROWS } from '../defaults.js';
import type { SqlQueryable } from '../SqlClient.js';
import { csvHeader, csvLine } from './csvRows.js';
import type { LogFilter } from './logFilter.js';
import { queryPage } from './queryPage.js';
import type { PageParams } from './queryParams.js';

function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Streams every event of `filter` as CSV, page by page (CSV_CHUNK_ROWS a query), waiting for
 * the client to drain each write and stopping when it hangs up. A failure mid-way is thrown
 * after the status went out; the caller then cuts the connection.
 */
export async function streamCsv(
  db: SqlQueryable,
  res: ServerResponse,
  filter: LogFilter,
  page: PageParams,
  secret: Buffer,
): Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': 'attachment; filename="labeltrail-logs.csv"',
  });
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  if (!res.write(csvHeader())) await waitForDrain(res);
  let cursor: string | undefined;
  do {
    const { sort, order } = page;
    const result = await queryPage(db, {
      filter,
      sort,
      order,
      limit: CSV_CHUNK_ROWS,
      secret,
      ...(cursor ? { cursor } : {}),
    });
    if (closed) return;
    if (result.events.length > 0 && !res.write(result.events.map(csvLine).join(''))) await waitForDrain(res);
    cursor = result.nextCursor ?? undefined;
  } while (cursor && !closed);
  res.end();
}
