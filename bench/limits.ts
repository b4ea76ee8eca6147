// Budgets CI enforces (`npm run budgets`), shared with `npm run bench`'s report. An issue whose
// required behaviour cannot fit raises a bundle budget by what it needs, at most 1,024 B.

/**
 * `labeltrail` + `labeltrail/video`, min+gzip, idb and rxjs bundled in: what an editor with
 * video loads. Peers bundled the same way: mux-embed (video only) 30.7 KB, analytics-next 43.4 KB.
 * 28 KiB, raised by 160 B for what the Firefox and WebKit runs showed wrong (a flush that
 * answers within its timeout whatever request hangs, no write at a pagehide into the
 * back/forward cache, a hidden page's buffer written at once): 28,832 B.
 */
export const BUNDLE_BUDGET_BYTES = 28 * 1024 + 160;
/**
 * `import { createTrail } from 'labeltrail'` alone (label helpers and time in tool), min+gzip
 * with idb and rxjs: an image-only editor pays for no video watcher. 24 KiB, raised by 224 B for
 * the backlog drain (a settle that reads no chunk again, the next request sent during it) and a
 * flush() that also delivers the drop notice its delivery made room for, and by 64 B for the
 * task types Label Studio's lifecycle needs (task.skipped, task.updated, task.draft_saved), and
 * by 192 B for the fixes the Firefox and WebKit runs called for (see BUNDLE_BUDGET_BYTES): 25,056 B.
 */
export const CREATE_TRAIL_BUDGET_BYTES = 24 * 1024 + 480;
/** labeltrail's queue must keep at least half the throughput of raw chunked idb writes. */
export const PERSISTENCE_MIN_RATIO = 0.5;

/** analytics-next's `track()` must take at least this many times as long as labeltrail's, timed in the same run. */
export const TRACK_SPEED_MIN_RATIO = 10;
/** `trail.label.add()` may take at most this many times as long as the `track()` it wraps. */
export const LABEL_HELPER_MAX_RATIO = 1.5;
