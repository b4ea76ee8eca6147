import type { TrailEvent } from '../../events/schema.js';
import { typeInfoOf } from '../../events/typeInfoOf.js';
import { EVENTS_TABLE, INSERT_CHUNK_EVENTS } from '../defaults.js';
import type { SqlClient, SqlQueryable } from '../SqlClient.js';
import { retryTransient } from './retryTransient.js';

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
  ['category', 'text'],
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
    // The taxonomy's for built-in types, the envelope's for custom ones: one column to filter
    // and count categories by, whatever the type.
    typeInfoOf(event)?.category ?? null,
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
// eslint-disable-next-line no-control-regex -- the separators are control characters
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

/** What an insert did: rows stored now, and the rows (by index) the database refused, with why. */
export interface InsertResult {
  readonly inserted: number;
  readonly refused: { readonly index: number; readonly reason: string }[];
}

// Refusals of a row's data (class 22: data exception, 23: integrity constraint violation,
// 54: program limit exceeded, e.g. an index row too large): another row would be stored.
// Anything else (connection, disk, a bug) is the database's trouble and fails the request.
const ROW_REFUSALS = new Set(['22', '23', '54']);

/** Whether the database refused a row's data (SQLSTATE class 22, 23 or 54), not the statement. */
function isRowRefusal(error: unknown): error is { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length === 5 && ROW_REFUSALS.has(code.slice(0, 2));
}

async function insertChunk(tx: SqlQueryable, chunk: Value[][], receivedMs: number): Promise<number> {
  const text = separatedText(chunk);
  const result = await (text === undefined
    ? tx.query(insertJson, [jsonText(chunk), receivedMs])
    : tx.query(insertText, [text, receivedMs]));
  // Skipped duplicates do not count as affected rows, so this is the number of new events.
  if (result.affectedRows === undefined) throw new Error('the database adapter must report affectedRows for INSERT');
  return result.affectedRows;
}

/**
 * Inserts rows[start, end) under a savepoint; when the database refuses the data, halves the
 * range until each refused row stands alone, so every other row is stored: k bad rows of n cost
 * about 2k·log2(n) statements. The reason names the SQLSTATE only: database text stays inside.
 */
async function isolate(
  tx: SqlQueryable,
  rows: Value[][],
  start: number,
  end: number,
  receivedMs: number,
  out: { inserted: number; refused: { index: number; reason: string }[] },
): Promise<void> {
  await tx.query('SAVEPOINT labeltrail_rows');
  try {
    // slice copies the rows: separatedText writes text forms into them, and a retry needs the originals.
    out.inserted += await insertChunk(
      tx,
      rows.slice(start, end).map((row) => [...row]),
      receivedMs,
    );
    await tx.query('RELEASE SAVEPOINT labeltrail_rows');
    return;
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT labeltrail_rows');
    await tx.query('RELEASE SAVEPOINT labeltrail_rows');
    if (!isRowRefusal(error)) throw error;
    if (end - start === 1) {
      out.refused.push({ index: start, reason: `the database refused this event (SQLSTATE ${error.code})` });
      return;
    }
  }
  const middle = start + Math.ceil((end - start) / 2);
  await isolate(tx, rows, start, middle, receivedMs, out);
  await isolate(tx, rows, middle, end, receivedMs, out);
}

async function insertAll(db: SqlClient, rows: Value[][], receivedMs: number): Promise<number> {
  // One statement is atomic by itself; an explicit transaction would only add two round trips.
  if (rows.length <= INSERT_CHUNK_EVENTS) return insertChunk(db, rows, receivedMs);
  return db.transaction(async (tx) => {
    let inserted = 0;
    for (let start = 0; start < rows.length; start += INSERT_CHUNK_EVENTS) {
      inserted += await insertChunk(tx, rows.slice(start, start + INSERT_CHUNK_EVENTS), receivedMs);
    }
    return inserted;
  });
}

/**
 * Stores events atomically (one statement, or one transaction for a large batch), skipping ids
 * already stored. When the database refuses some row's data (a value it cannot hold), the
 * batch is stored again in one transaction without the refused rows, which come back with
 * their reason: one bad event never costs the others. The stats rollups follow in the same
 * statements, by the table's triggers.
 */
export async function insertEvents(
  db: SqlClient,
  inputs: readonly StoredEventInput[],
  receivedMs: number,
): Promise<InsertResult> {
  if (inputs.length === 0) return { inserted: 0, refused: [] };
  const originals = inputs.map(rowValues);
  // Each run gets its own copy: insertAll writes the text form into the rows it is given.
  const fresh = () => originals.map((row) => [...row]);
  try {
    return { inserted: await retryTransient(() => insertAll(db, fresh(), receivedMs)), refused: [] };
  } catch (error) {
    if (!isRowRefusal(error)) throw error;
  }
  return db.transaction(async (tx) => {
    const out = { inserted: 0, refused: [] as { index: number; reason: string }[] };
    for (let start = 0; start < originals.length; start += INSERT_CHUNK_EVENTS)
      await isolate(tx, originals, start, Math.min(start + INSERT_CHUNK_EVENTS, originals.length), receivedMs, out);
    return out;
  });
}
