import type { TrailEvent } from '../../events/schema.js';
import { EVENTS_TABLE, INSERT_CHUNK_EVENTS } from '../defaults.js';
import type { SqlClient, SqlQueryable } from '../SqlClient.js';

/** An event ready to store, with the facts the collector adds at ingest. */
export interface StoredEventInput {
  readonly event: TrailEvent;
  readonly team: string | null;
}

/** A column value as sent to the database. */
export type Value = string | number | null;

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

// Stored columns besides seqno and received_ms, in the order rowValues lists them.
export const storedColumns = [
  ['id', 'uuid'],
  ['type', 'text'],
  ['code', 'integer'],
  ['time_ms', 'bigint'],
  ['actor_id', 'text'],
  ['actor_email', 'text'],
  ['session', 'uuid'],
  ['project', 'text'],
  ['dataset', 'text'],
  ['item', 'text'],
  ['workflow_stage', 'text'],
  ['job', 'text'],
  ['task', 'text'],
  ['team', 'text'],
  ['label_id', 'text'],
  ['label_name', 'text'],
  ['tool_ms', 'double precision'],
  ['editing_ms', 'double precision'],
  ['event', 'text'],
] as const;

/** One event's column values, in the order of `storedColumns`. */
export function rowValues(input: StoredEventInput): Value[] {
  const { event, team } = input;
  const { context, label, payload } = event;
  // Time in tool comes from the item.duration payload; pulling it into columns keeps stats
  // off JSON parsing, which matters at a million rows.
  const isDuration = event.type === 'item.duration';
  return [
    event.id,
    event.type,
    event.code,
    event.time,
    event.actor.id,
    event.actor.email ?? null,
    event.session,
    context.project ?? null,
    context.dataset ?? null,
    context.item ?? null,
    context.workflowStage ?? null,
    context.job ?? null,
    context.task ?? null,
    team,
    label?.id ?? null,
    label?.name ?? null,
    isDuration ? numberOrNull(payload?.['durationMs']) : null,
    isDuration ? numberOrNull(payload?.['editingMs']) : null,
    // The envelope as validated; JSON text escapes every control character, so the
    // separators below never occur in it.
    JSON.stringify(event),
  ];
}

// Rows as one text: fields split by U+001F, rows by U+001E, NULL written as U+001D. The
// database splits it with string_to_table and string_to_array (which also turns U+001D into
// NULL), cheaper than json_to_recordset, which builds a lookup table for every row.
const FIELD = '\x1f';
const ROW = '\x1e';
const NULL = '\x1d';
const separator = /[\x1d-\x1f]/;
const EVENT = storedColumns.length - 1;
const TEAM = storedColumns.findIndex(([name]) => name === 'team');

/**
 * The rows as separated text, or undefined when some value holds a separator itself. Writes
 * the text form of each value into the rows it is given.
 */
function separatedText(rows: Value[][]): string | undefined {
  for (const values of rows) {
    // Every text value but the team comes from the event, whose JSON writes U+001D..U+001F
    // as \u001d..\u001f: without that sequence in it, no value holds a separator.
    const team = values[TEAM];
    if ((values[EVENT] as string).includes('\\u001') || (typeof team === 'string' && separator.test(team))) {
      // Free-text ids may hold any character; such a rare batch goes as JSON instead.
      for (let i = 0; i < EVENT; i++) {
        const value = values[i];
        if (typeof value === 'string' && separator.test(value)) return undefined;
      }
    }
  }
  const lines: string[] = new Array<string>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const values = rows[r]!;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === null) values[i] = NULL;
      else if (typeof value === 'number') values[i] = String(value);
    }
    lines[r] = values.join(FIELD);
  }
  return lines.join(ROW);
}

const names = storedColumns.map(([name]) => name).join(', ');
const fromText = storedColumns.map(([, type], index) => `a[${index + 1}]::${type}`).join(', ');
// One statement per chunk, with no PGlite-only bulk API: the whole chunk is one parameter.
const insertText = `INSERT INTO ${EVENTS_TABLE} (received_ms, ${names})
SELECT $2::bigint, ${fromText}
-- OFFSET 0 keeps the split apart, or it would run again for every column.
FROM (SELECT string_to_array(line, E'\\x1f', E'\\x1d') AS a FROM string_to_table($1, E'\\x1e') AS line OFFSET 0) AS rows
ON CONFLICT (id) DO NOTHING`;
const insertJson = `INSERT INTO ${EVENTS_TABLE} (received_ms, ${names})
SELECT $2::bigint, ${names}
FROM json_to_recordset($1::json) AS r(${storedColumns.map(([name, type]) => `${name} ${type}`).join(', ')})
ON CONFLICT (id) DO NOTHING`;

function jsonText(rows: readonly Value[][]): string {
  return JSON.stringify(
    rows.map((values) => Object.fromEntries(storedColumns.map(([name], index) => [name, values[index]]))),
  );
}

/**
 * Stores events atomically (one statement, or one transaction for a large batch), so a
 * batch is stored whole or not at all, and skips ids already stored. Returns how many rows
 * were new. The stats rollups follow in the same statement, by the table's triggers.
 */
export async function insertEvents(
  db: SqlClient,
  inputs: readonly StoredEventInput[],
  receivedMs: number,
): Promise<number> {
  if (inputs.length === 0) return 0;
  const rows = inputs.map(rowValues);
  const insertChunk = async (tx: SqlQueryable, chunk: Value[][]) => {
    const text = separatedText(chunk);
    const result = await (text === undefined
      ? tx.query(insertJson, [jsonText(chunk), receivedMs])
      : tx.query(insertText, [text, receivedMs]));
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
