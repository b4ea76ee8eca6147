// Every tunable of the core, with the reason for its value. Options override these.

/** Accepted events wait this long in memory before one IndexedDB write: one frame, the crash window. */
export const WRITE_DELAY_MS = 16;
/** A burst writes at most this many events per chunk: a batch is one or two chunks. */
export const WRITE_CHUNK_MAX_EVENTS = 500;

/** An IndexedDB open still unanswered after this long (a hung backing store) counts as failed: events go to memory. */
export const IDB_OPEN_TIMEOUT_MS = 5_000;

/** About a working week offline for a busy annotator (~300 B each, ~30 MB). */
export const QUEUE_MAX_EVENTS = 100_000;
/** Keeps the store well inside the smallest origin quota browsers grant by default. */
export const QUEUE_MAX_BYTES = 32 * 1024 * 1024;
/** Older events are of little use to anyone and likely belong to a retired endpoint. */
export const QUEUE_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * A backlog drains in half the requests of OpenTelemetry's 512 (about 30 % faster in Chromium):
 * 1000 typical events are ~370 KB of JSON, ~29 KB gzipped, inside the 63 KiB keepalive budget.
 */
export const BATCH_MAX_EVENTS = 1000;
/** Uncompressed; stays far under the reference collector's 4 MiB body limit. */
export const BATCH_MAX_BYTES = 512 * 1024;
/** OpenTelemetry's log export delay: few requests, events visible within a second. */
export const BATCH_DELAY_MS = 1000;

/** First retry after about a second, doubling from there. */
export const RETRY_BASE_MS = 1000;
/** Never wait more than a minute between tries of a reachable-again endpoint. */
export const RETRY_MAX_MS = 60_000;
/** A request still open after this long is treated as a network error and retried. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** A longer `Retry-After` (a misconfigured proxy's 30 days) would stall delivery for good; ky caps it too. */
export const RETRY_AFTER_MAX_MS = 60 * 60 * 1000;
/** `setTimeout` fires at once past 2³¹−1 ms (about 24.8 days): every timer delay is clamped to it. */
export const TIMER_MAX_MS = 2 ** 31 - 1;

/** The same batch answered 5xx this many times in a row is halved, to find one event the endpoint cannot store. */
export const POISON_HALVE_AFTER = 3;
/** An event alone failing this often, with 2xx for other batches in between, is parked: it is the endpoint's poison. */
export const POISON_PARK_AFTER = 5;

/**
 * A flush without `timeoutMs` waits this long for an IndexedDB that has not opened yet (about five
 * retries on the default backoff); a store that stays shut, as in some private modes, makes it reject.
 */
export const FLUSH_STORE_WAIT_MS = 30_000;
/** Past a flush's timeout, how long its own waits get to answer with the cause before it answers flush_timeout. */
export const FLUSH_TIMEOUT_GRACE_MS = 100;
/** A flush re-checks what is pending this often besides each settled batch (another tab may deliver). */
export const FLUSH_POLL_MS = 250;

/** Below this, gzip's header and the async hop cost more than they save. */
export const GZIP_MIN_BYTES = 1024;
/** The page's keepalive budget is 64 KiB for all in-flight keepalive requests; keep a margin. */
export const KEEPALIVE_BUDGET_BYTES = 63 * 1024;
/** Events of this tab kept in memory until acknowledged, for the send at `pagehide`. */
export const UNLOAD_MEMORY_MAX_EVENTS = 1000;

/** A payload is detail, not a document: larger ones are refused. */
export const MAX_PAYLOAD_BYTES = 8 * 1024;
/** Rejected events kept for inspection; older ones make room. */
export const REJECTED_KEEP_MAX = 1000;

/** IndexedDB database shared by every tab of the origin. */
export const DB_NAME = 'labeltrail';
/** Reported as OTLP `service.name` unless the integrator names the editor. */
export const SERVICE_NAME = 'labeltrail';

/** Without Web Locks, a deliverer that has not renewed its lease for this long is gone (five renewals missed). */
export const DELIVERY_LEASE_MS = 5_000;
/** The lease is renewed, and looked for by the other tabs, this often: the floor of a background tab's timers. */
export const DELIVERY_LEASE_RENEW_MS = 1_000;
/** A claim still a tab's own this long after it wrote it was the last written: writes reach other tabs in ms. */
export const DELIVERY_LEASE_SETTLE_MS = 100;
