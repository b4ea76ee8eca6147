// Budgets CI enforces (`npm run budgets`), shared with `npm run bench`'s report.

/** core + capture + video, min+gzip: what an editor loads for the whole browser side. */
export const BUNDLE_BUDGET_BYTES = 16 * 1024;
/** labeltrail's queue must keep at least half the throughput of raw chunked idb writes. */
export const PERSISTENCE_MIN_RATIO = 0.5;
