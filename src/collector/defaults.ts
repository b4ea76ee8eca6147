/** Named defaults of the reference collector, each with the reason for its value. */

/** Port of the standalone collector: 4318 is the registered OTLP/HTTP port, so OTLP tooling finds it. */
export const DEFAULT_PORT = 4318;

/** Host the standalone collector binds to: loopback, so dev tokens are never exposed to a network by accident. */
export const DEFAULT_HOST = '127.0.0.1';

/** Data directory of the standalone collector; `.data/` is already git-ignored. */
export const DEFAULT_DATA_DIR = '.data/collector';

/** Largest request body as sent (compressed or not): a 500-event client batch is about 150 KB; 4 MiB is ample. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Largest body after gunzip: caps decompression bombs while admitting any body that would be accepted plain. */
export const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

/** Page size of `GET /v1/logs` when `limit` is absent: one screen of an activity log. */
export const DEFAULT_PAGE_LIMIT = 100;

/** Largest `limit` accepted: keeps one page well under the 50 ms budget and the response small. */
export const MAX_PAGE_LIMIT = 1000;

/** Rows fetched per round trip while streaming CSV: big enough to amortise the query, small enough to bound memory. */
export const CSV_CHUNK_ROWS = 5000;

/** Events inserted per SQL statement: one JSON parameter of this many events stays a few MB at most. */
export const INSERT_CHUNK_EVENTS = 2000;

/** How often retention runs when `retentionDays` is set: hourly is plenty for a day-granular setting. */
export const RETENTION_SWEEP_MS = 60 * 60 * 1000;

/** Name of the table holding events; prefixed so the collector can share a PostgreSQL schema. */
export const EVENTS_TABLE = 'labeltrail_events';

/** Refresh planner statistics after this many new rows at least: PGlite runs no autovacuum, so nothing else would. */
export const ANALYZE_MIN_NEW_ROWS = 10_000;

/** ... or once the table doubled, whichever is later: a handful of ANALYZEs (fixed-size samples) to a million rows. */
export const ANALYZE_GROWTH_FRACTION = 1;

/** Prefix of the stats rollup tables, beside the events table they summarise. */
export const ROLLUP_PREFIX = 'labeltrail_stats';

/**
 * Time slice of the stats rollups: an hour. A stats range that cuts through a slice's events
 * re-reads that slice from the events table, so at most two hours are scanned, and ranges on
 * whole hours (local midnights in every whole-hour time zone) scan nothing.
 */
export const ROLLUP_BUCKET_MS = 60 * 60 * 1000;

/** Sort memory for the stats query: its distinct counts spill to disk at PostgreSQL's 4 MB default. */
export const STATS_WORK_MEM = '64MB';

/** A client has this long to send its request headers: a slow-loris connection is cut off after it. */
export const HEADERS_TIMEOUT_MS = 10_000;

/** A whole request (headers and body) must arrive within this: a 4 MiB body needs 30 s only below ~1 Mbit/s. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** An idle keep-alive connection closes after this; the browser opens a new one for its next batch. */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** A socket with no traffic at all for this long is closed, whatever state it is in. */
export const IDLE_SOCKET_TIMEOUT_MS = 60_000;

/** How often Node looks for requests past their timeouts: the timeouts hold to within this. */
export const CONNECTIONS_CHECK_MS = 1_000;

/** Open connections at most: far above one deliverer per browser, far below the process's file limit. */
export const MAX_CONNECTIONS = 1_000;

/** Request headers at most, in bytes (Node's default): a bearer token and a few headers need far less. */
export const MAX_HEADER_BYTES = 16 * 1024;

/** Events per batch at most (413 above it): 20 times the browser's batch of 500. */
export const MAX_BATCH_EVENTS = 10_000;

/** Rejections listed per answer at most (with the total count beside them): more than a browser batch holds. */
export const MAX_REJECTIONS_LISTED = 1_000;

/** A rejection reason is cut to this many characters: reasons quote values, which may be long. */
export const MAX_REASON_LENGTH = 300;

/** `--retention-days` / `retentionDays` at least and at most: a day, and a hundred years. */
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 36_500;

/** How long `close()` (and SIGTERM) lets requests in flight finish before cutting them: a batch takes milliseconds. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** Runs of a batch's write when a deadlock or serialization failure rolls it back: such conflicts clear at once. */
export const TRANSIENT_RETRIES = 3;
