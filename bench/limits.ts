// Budgets CI enforces (`npm run budgets`), shared with `npm run bench`'s report.

/** core + capture + video, min+gzip, idb and rxjs bundled in: what an editor loads for the whole browser side. */
export const BUNDLE_BUDGET_BYTES = 22 * 1024;
/** labeltrail's own code in that bundle (idb and rxjs left external): what the fixes add is paid for by what goes. */
export const OWN_CODE_BUDGET_BYTES = 16 * 1024;
/** labeltrail's queue must keep at least half the throughput of raw chunked idb writes. */
export const PERSISTENCE_MIN_RATIO = 0.5;

/** analytics-next's `track()` must take at least this many times as long as labeltrail's, timed in the same run. */
export const TRACK_SPEED_MIN_RATIO = 10;
/** `trail.label.add()` may take at most this many times as long as the `track()` it wraps. */
export const LABEL_HELPER_MAX_RATIO = 1.5;
