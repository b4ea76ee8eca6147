import { EVENTS_TABLE } from '../defaults.js';

const t = EVENTS_TABLE;

/**
 * Plain PostgreSQL DDL, idempotent, so the same text runs on PGlite and on a server.
 * The full envelope is kept as text (the JSON the collector validated, byte for byte) for
 * reads: text skips a second JSON parse inside the database on the ingest path. The
 * scalar columns beside it exist only to filter, sort and aggregate. One statement per entry,
 * because parameterised query protocols run a single statement at a time.
 */
export const storeSchema: readonly string[] = `
CREATE TABLE IF NOT EXISTS ${t} (
  -- Insertion order. Pages read the sequence's last value instead of max(seqno), so this
  -- column needs no index of its own (one index less on the ingest path).
  seqno bigserial NOT NULL,
  id uuid PRIMARY KEY,
  type text NOT NULL,
  code integer,
  -- Every event's category (custom types carry theirs); NULL only in rows stored before the
  -- column existed, all of built-in types, whose category the taxonomy gives.
  category text,
  time_ms bigint NOT NULL,
  received_ms bigint NOT NULL,
  actor_id text NOT NULL,
  actor_email text,
  session uuid NOT NULL,
  project text,
  dataset text,
  item text,
  workflow_stage text,
  job text,
  task text,
  team text,
  label_id text,
  label_name text,
  tool_ms double precision,
  editing_ms double precision,
  event text NOT NULL
);
-- Databases of collectors from before custom types: a nullable column without default is
-- added without rewriting the table.
ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS category text;
-- Keyset pagination by time, the default sort, and every time-range scan.
CREATE INDEX IF NOT EXISTS ${t}_time ON ${t} (time_ms, id);
-- Keyset pagination by action number; events without one sort as -1.
CREATE INDEX IF NOT EXISTS ${t}_action ON ${t} ((coalesce(code, -1)), time_ms, id);
-- The filters an activity-log view uses most: who, which data unit, which project.
CREATE INDEX IF NOT EXISTS ${t}_actor ON ${t} (actor_id, time_ms);
CREATE INDEX IF NOT EXISTS ${t}_item ON ${t} (item, time_ms);
CREATE INDEX IF NOT EXISTS ${t}_project ON ${t} (project, time_ms);
-- Retention by received time (events are also expired by event time, through the time index).
CREATE INDEX IF NOT EXISTS ${t}_received ON ${t} (received_ms);
-- History of one label instance or one label name.
CREATE INDEX IF NOT EXISTS ${t}_label ON ${t} (label_id);
CREATE INDEX IF NOT EXISTS ${t}_label_name ON ${t} (label_name);
-- No query filters on these, so ANALYZE (which the collector runs while events arrive) need
-- not sample them; they were about a sixth of its time. Retention filters on received_ms, so
-- it keeps the default (-1), also in a database an earlier version set to 0.
ALTER TABLE ${t} ALTER COLUMN event SET STATISTICS 0, ALTER COLUMN received_ms SET STATISTICS -1,
  ALTER COLUMN tool_ms SET STATISTICS 0, ALTER COLUMN editing_ms SET STATISTICS 0,
  ALTER COLUMN actor_email SET STATISTICS 0;
`
  .split(/;\s*$/m)
  .map((statement) => statement.replace(/^--.*$/gm, '').trim())
  .filter((statement) => statement !== '');
