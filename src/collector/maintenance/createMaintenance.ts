import type { Logger } from 'pino';
import { ANALYZE_GROWTH_FRACTION, ANALYZE_MIN_NEW_ROWS, EVENTS_TABLE, RETENTION_SWEEP_MS } from '../defaults.js';
import { logError } from '../http/logError.js';
import type { SqlClient } from '../SqlClient.js';
import { rollupTables } from '../store/rollupSchema.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Advisory lock name for a retention sweep, shared by every collector on a database. */
export const RETENTION_LOCK = `${EVENTS_TABLE}:retention`;

export interface MaintenanceOptions {
  readonly db: SqlClient;
  readonly log: Logger;
  /** Keep events this many days (checked by the caller); undefined: keep everything. */
  readonly retentionDays: number | undefined;
  readonly now: () => number;
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** The collector's housekeeping: planner statistics as rows arrive, and retention. */
export interface Maintenance {
  /** Runs ANALYZE now, and retention once when it is on; then starts the hourly sweep. */
  start(): Promise<void>;
  /** Counts stored rows; runs ANALYZE in the background once enough arrived. */
  noteInserted(rows: number): void;
  /** Deletes expired events now; returns how many. */
  sweepRetention(): Promise<number>;
  /** Stops the sweep and waits for a running ANALYZE. */
  close(): Promise<void>;
}

/**
 * Housekeeping. Without fresh statistics the planner scans by time for a selective actor or
 * action filter; a server's autovacuum would refresh them, PGlite has none, so count new rows
 * and ANALYZE once enough arrived. Retention deletes events whose event time or received time
 * is before the cutoff: a client's clock set in the future cannot keep its events forever.
 */
export function createMaintenance(options: MaintenanceOptions): Maintenance {
  const { db, log, retentionDays } = options;
  let rowsAtLastAnalyze = 0;
  let newRows = 0;
  let analyzing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const report = (error: unknown, what: string) => {
    logError(log, error, what);
    options.onError?.(error);
  };

  async function analyze(): Promise<void> {
    await db.query(`ANALYZE ${EVENTS_TABLE}, ${Object.values(rollupTables).join(', ')}`);
    // ANALYZE has just estimated the row count; counting rows exactly would scan the table.
    const estimate = await db.query<{ n: number | string }>(
      `SELECT reltuples AS n FROM pg_class WHERE oid = $1::regclass`,
      [EVENTS_TABLE],
    );
    rowsAtLastAnalyze = Math.max(0, Number(estimate.rows[0]?.n ?? 0));
  }

  async function sweepRetention(): Promise<number> {
    if (retentionDays === undefined) return 0;
    const cutoff = Math.floor(options.now() - retentionDays * DAY_MS);
    return db.transaction(async (tx) => {
      // Several collectors on one server sweep on the same schedule: the first one does it, the
      // others find the lock taken and skip this round (it would delete nothing new).
      const lock = await tx.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS got', [
        RETENTION_LOCK,
      ]);
      if (!lock.rows[0]?.got) return 0;
      const result = await tx.query(`DELETE FROM ${EVENTS_TABLE} WHERE time_ms < $1 OR received_ms < $1`, [cutoff]);
      return result.affectedRows ?? 0;
    });
  }

  return {
    async start() {
      await analyze();
      if (retentionDays === undefined) return;
      await sweepRetention();
      timer = setInterval(
        () => void sweepRetention().catch((e: unknown) => report(e, 'retention failed')),
        RETENTION_SWEEP_MS,
      );
      timer.unref();
    },
    noteInserted(rows) {
      newRows += rows;
      if (analyzing || newRows < Math.max(ANALYZE_MIN_NEW_ROWS, rowsAtLastAnalyze * ANALYZE_GROWTH_FRACTION)) return;
      newRows = 0;
      analyzing = analyze()
        .catch((error: unknown) => report(error, 'analyze failed'))
        .finally(() => {
          analyzing = undefined;
        });
    },
    sweepRetention,
    async close() {
      if (timer) clearInterval(timer);
      await analyzing;
    },
  };
}
