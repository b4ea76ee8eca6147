import type { TrailEvent } from '../../events/schema.js';
import { EVENTS_TABLE, INSERT_CHUNK_EVENTS } from '../defaults.js';
import type { SqlClient, SqlQueryable } from '../SqlClient.js';

/** An event ready to store, with the facts the collector adds at ingest. */
export interface StoredEventInput {
  readonly event: TrailEvent;
  readonly team: string | null;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function toRow(input: StoredEventInput, receivedMs: number) {
  const { event, team } = input;
  const { context, label, payload } = event;
  // Time in tool comes from the item.duration payload; pulling it into columns keeps stats
  // off JSON parsing, which matters at a million rows.
  const isDuration = event.type === 'item.duration';
  return {
    id: event.id,
    type: event.type,
    code: event.code,
    time_ms: event.time,
    received_ms: receivedMs,
    actor_id: event.actor.id,
    actor_email: event.actor.email ?? null,
    session: event.session,
    project: context.project ?? null,
    dataset: context.dataset ?? null,
    item: context.item ?? null,
    workflow_stage: context.workflowStage ?? null,
    job: context.job ?? null,
    task: context.task ?? null,
    team,
    label_id: label?.id ?? null,
    label_name: label?.name ?? null,
    tool_ms: isDuration ? numberOrNull(payload?.['durationMs']) : null,
    editing_ms: isDuration ? numberOrNull(payload?.['editingMs']) : null,
    event,
  };
}

// One statement per chunk: json_to_recordset turns one JSON parameter into rows, which is
// far faster than one INSERT per event and needs no PGlite-only bulk API.
const insertSql = `
INSERT INTO ${EVENTS_TABLE} (id, type, code, time_ms, received_ms, actor_id, actor_email, session,
  project, dataset, item, workflow_stage, job, task, team, label_id, label_name, tool_ms, editing_ms, event)
SELECT id, type, code, time_ms, received_ms, actor_id, actor_email, session,
  project, dataset, item, workflow_stage, job, task, team, label_id, label_name, tool_ms, editing_ms, event
FROM json_to_recordset($1::json) AS r(id uuid, type text, code integer, time_ms bigint, received_ms bigint,
  actor_id text, actor_email text, session uuid, project text, dataset text, item text, workflow_stage text,
  job text, task text, team text, label_id text, label_name text, tool_ms double precision,
  editing_ms double precision, event text)
ON CONFLICT (id) DO NOTHING`;

/**
 * Stores events atomically (one statement, or one transaction for a large batch), so a
 * batch is stored whole or not at all, and skips
 * ids already stored. Returns how many rows were new.
 */
export async function insertEvents(db: SqlClient, inputs: readonly StoredEventInput[], receivedMs: number): Promise<number> {
  if (inputs.length === 0) return 0;
  const rows = inputs.map((input) => toRow(input, receivedMs));
  const insertChunk = async (tx: SqlQueryable, chunk: readonly unknown[]) => {
    const result = await tx.query(insertSql, [JSON.stringify(chunk)]);
    // Skipped duplicates do not count as affected rows, so this is the number of new events.
    if (result.affectedRows === undefined) throw new Error('the database adapter must report affectedRows for INSERT');
    return result.affectedRows;
  };
  // One statement is atomic by itself; an explicit transaction would only add two round trips.
  if (rows.length <= INSERT_CHUNK_EVENTS) return insertChunk(db, rows);
  return db.transaction(async (tx) => {
    let inserted = 0;
    for (let start = 0; start < rows.length; start += INSERT_CHUNK_EVENTS) {
      inserted += await insertChunk(tx, rows.slice(start, start + INSERT_CHUNK_EVENTS));
    }
    return inserted;
  });
}
