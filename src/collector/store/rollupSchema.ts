import { EVENTS_TABLE, ROLLUP_BUCKET_MS, ROLLUP_PREFIX } from '../defaults.js';
import { latestEmail } from './latestEmail.js';
import { reviewTypes } from './reviewTypes.js';

/** The rollup tables: who/where groups, per-hour counters, and the keys behind the distinct counts. */
export const rollupTables = {
  /** One row per (actor, project, dataset, team) seen: the scopes stats can be answered for from rollups. */
  groups: `${ROLLUP_PREFIX}_groups`,
  /** Per (hour, group): sums and counts, plus the time of the first and last event summarised. */
  counts: `${ROLLUP_PREFIX}_counts`,
  /** Per (hour, group, kind): each distinct key once, so a distinct count is a count over few rows. */
  keys: `${ROLLUP_PREFIX}_keys`,
  /** Name/value pairs; `rollups` holds the version the rollups were built for. */
  meta: `${ROLLUP_PREFIX}_meta`,
} as const;

/** What a key row of `rollupTables.keys` is. */
export const rollupKinds = {
  /** `context.item` of a `label.added`. */
  labeledItem: 1,
  /** `label.id` of a `label.added`. */
  labeledObject: 2,
  /** `context.item` of a review decision (`reviewTypes`). */
  reviewedItem: 3,
} as const;

/**
 * Where an item's open time went (`item.duration` payload `<bucket>Ms`), summed per hour and
 * group as `<bucket>_ms`. Read from the stored envelope's JSON, only for `item.duration` rows.
 */
export const timeBuckets = ['active', 'stalled', 'idle', 'hidden', 'blurred'] as const;

/** The SQL of each bucket of an event row `alias` (NULL unless it is an `item.duration` with that field). */
export const bucketValues = (alias: string): string[] =>
  timeBuckets.map(
    (b) => `CASE WHEN ${alias}.type = 'item.duration'
      THEN (${alias}.event::json #>> '{payload,${b}Ms}')::double precision END`,
  );

const bucketColumns = timeBuckets.map((b) => `${b}_ms`);
const list = (f: (column: string) => string) => bucketColumns.map(f).join(', ');

const { groups, counts, keys, meta } = rollupTables;
const B = ROLLUP_BUCKET_MS;
const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
const reviewArray = `ARRAY[${reviewTypes.map(quote).join(', ')}]::text[]`;

/**
 * Identifies the rollup definition: what is summarised and how. When it differs from the one
 * stored, the rollups are rebuilt from the events on start (so an older database gets them too).
 */
export const rollupVersion = [
  2,
  `bucket=${B}`,
  `review=${reviewTypes.join(',')}`,
  `time=${timeBuckets.join(',')}`,
  'tasks=submitted,skipped',
].join(';');

// A group as one comparable text: a JSON array keeps NULL apart from any string, so a missing
// project is its own group, and the lookup is one equality on a unique index.
const groupKey = (alias: string) =>
  `json_build_array(${alias}.actor_id, ${alias}.project, ${alias}.dataset, ${alias}.team)::text`;

// Counters of one batch add onto the stored ones; the latest e-mail wins by event time.
const addCounts = `INSERT INTO ${counts} AS c (bucket_ms, group_id, first_ms, last_ms, events, tool_ms, editing_ms,
  ${list((c) => c)}, completed_tasks, skipped_tasks, c12, c13, c26, c27, c33, c34, email, email_ms)
SELECT bucket_ms, group_id, min(time_ms), max(time_ms), count(*),
  coalesce(sum(tool_ms), 0), coalesce(sum(editing_ms), 0),
  ${list((c) => `coalesce(sum(${c}), 0)`)},
  count(*) FILTER (WHERE type = 'task.submitted'), count(*) FILTER (WHERE type = 'task.skipped'),
  count(*) FILTER (WHERE code = 12), count(*) FILTER (WHERE code = 13),
  count(*) FILTER (WHERE code = 26), count(*) FILTER (WHERE code = 27),
  count(*) FILTER (WHERE code = 33), count(*) FILTER (WHERE code = 34),
  ${latestEmail('time_ms', 'actor_email')},
  max(time_ms) FILTER (WHERE actor_email IS NOT NULL)
FROM s GROUP BY bucket_ms, group_id
ON CONFLICT (bucket_ms, group_id) DO UPDATE SET
  first_ms = least(c.first_ms, excluded.first_ms),
  last_ms = greatest(c.last_ms, excluded.last_ms),
  events = c.events + excluded.events,
  tool_ms = c.tool_ms + excluded.tool_ms,
  editing_ms = c.editing_ms + excluded.editing_ms,
  ${list((col) => `${col} = c.${col} + excluded.${col}`)},
  completed_tasks = c.completed_tasks + excluded.completed_tasks,
  skipped_tasks = c.skipped_tasks + excluded.skipped_tasks,
  c12 = c.c12 + excluded.c12, c13 = c.c13 + excluded.c13,
  c26 = c.c26 + excluded.c26, c27 = c.c27 + excluded.c27,
  c33 = c.c33 + excluded.c33, c34 = c.c34 + excluded.c34,
  email = CASE WHEN excluded.email_ms IS NOT NULL
      AND (c.email_ms IS NULL OR (excluded.email_ms, excluded.email) > (c.email_ms, c.email))
    THEN excluded.email ELSE c.email END,
  email_ms = greatest(c.email_ms, excluded.email_ms)`;

// Keys already present are skipped: that is what makes a distinct count of the keys exact.
const addKeys = `INSERT INTO ${keys} (bucket_ms, group_id, kind, key)
SELECT DISTINCT s.bucket_ms, s.group_id, v.kind, v.key
FROM s CROSS JOIN LATERAL (VALUES
  (${rollupKinds.labeledItem}::smallint, CASE WHEN s.type = 'label.added' THEN s.item END),
  (${rollupKinds.labeledObject}::smallint, CASE WHEN s.type = 'label.added' THEN s.label_id END),
  (${rollupKinds.reviewedItem}::smallint, CASE WHEN s.type = ANY(${reviewArray}) THEN s.item END)
) AS v (kind, key)
WHERE (s.type = 'label.added' OR s.type = ANY(${reviewArray})) AND v.key IS NOT NULL
ON CONFLICT DO NOTHING`;

/** The statement that adds the rows of `source` (a table or a parenthesised query) to the rollups. */
function addRows(source: string): string {
  return `
  -- Each group of the rows is looked up once, then the rows join it on plain columns.
  WITH d AS MATERIALIZED (
    SELECT actor_id, project, dataset, team, ${groupKey('x')} AS group_key
    FROM (SELECT DISTINCT actor_id, project, dataset, team FROM ${source} r) x
  ), known AS MATERIALIZED (
    SELECT g.group_id, d.group_key, d.actor_id, d.project, d.dataset, d.team
    FROM d JOIN ${groups} g ON g.group_key = d.group_key
  ), fresh AS (
    -- Groups not seen yet. Another writer may add the same one meanwhile: the no-op update
    -- then waits for it and returns its id.
    INSERT INTO ${groups} AS g (group_key, actor_id, project, dataset, team)
    SELECT group_key, actor_id, project, dataset, team FROM d
    WHERE NOT EXISTS (SELECT 1 FROM known WHERE known.group_key = d.group_key)
    ON CONFLICT (group_key) DO UPDATE SET group_key = g.group_key
    RETURNING g.group_id, g.group_key, g.actor_id, g.project, g.dataset, g.team
  ), m AS MATERIALIZED (
    SELECT * FROM known UNION ALL SELECT * FROM fresh
  ), s AS MATERIALIZED (
    SELECT r.time_ms / ${B} * ${B} AS bucket_ms, m.group_id, r.time_ms, r.type, r.code, r.actor_email,
      r.item, r.label_id, r.tool_ms, r.editing_ms,
      ${bucketValues('r')
        .map((sql, i) => `${sql} AS ${bucketColumns[i]}`)
        .join(', ')}
    FROM ${source} r JOIN m ON m.actor_id = r.actor_id AND m.project IS NOT DISTINCT FROM r.project
      AND m.dataset IS NOT DISTINCT FROM r.dataset AND m.team IS NOT DISTINCT FROM r.team
  ), counted AS (${addCounts})
  ${addKeys};`;
}

/**
 * DDL of the stats rollups, idempotent, one statement per entry. Triggers keep them in the
 * transaction of every write to the events table, whoever writes: inserts add (rows skipped
 * as duplicates never reach them), deletes and updates re-summarise the hours they touched,
 * truncate empties them.
 */
export const rollupSchema: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ${groups} (
  group_id serial PRIMARY KEY,
  group_key text NOT NULL UNIQUE,
  actor_id text NOT NULL,
  project text,
  dataset text,
  team text
)`,
  `CREATE TABLE IF NOT EXISTS ${counts} (
  bucket_ms bigint NOT NULL,
  group_id integer NOT NULL,
  first_ms bigint NOT NULL,
  last_ms bigint NOT NULL,
  events bigint NOT NULL,
  tool_ms double precision NOT NULL,
  editing_ms double precision NOT NULL,
  completed_tasks bigint NOT NULL,
  c12 bigint NOT NULL,
  c13 bigint NOT NULL,
  c26 bigint NOT NULL,
  c27 bigint NOT NULL,
  c33 bigint NOT NULL,
  c34 bigint NOT NULL,
  email text,
  email_ms bigint,
  -- Last, where ALTER TABLE puts them in a database of the previous definition.
  ${list((c) => `${c} double precision NOT NULL DEFAULT 0`)},
  skipped_tasks bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket_ms, group_id)
)`,
  // Rollups of an older definition lack the time buckets; the version change rebuilds them.
  `ALTER TABLE ${counts} ${list((c) => `ADD COLUMN IF NOT EXISTS ${c} double precision NOT NULL DEFAULT 0`)}`,
  // Rollups of an older definition lack the skipped tasks: likewise.
  `ALTER TABLE ${counts} ADD COLUMN IF NOT EXISTS skipped_tasks bigint NOT NULL DEFAULT 0`,
  `CREATE TABLE IF NOT EXISTS ${keys} (
  bucket_ms bigint NOT NULL,
  group_id integer NOT NULL,
  kind smallint NOT NULL,
  key text NOT NULL,
  PRIMARY KEY (bucket_ms, group_id, kind, key)
)`,
  `CREATE TABLE IF NOT EXISTS ${meta} (name text PRIMARY KEY, value text NOT NULL)`,
  // Re-summarises the given hours from the events table, or everything when NULL.
  `CREATE OR REPLACE FUNCTION ${ROLLUP_PREFIX}_rebuild(buckets bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  low bigint;
  high bigint;
BEGIN
  IF buckets IS NULL THEN
    TRUNCATE ${counts}, ${keys};
    ${addRows(EVENTS_TABLE)}
    RETURN;
  END IF;
  DELETE FROM ${counts} WHERE bucket_ms = ANY(buckets);
  DELETE FROM ${keys} WHERE bucket_ms = ANY(buckets);
  SELECT min(b), max(b) + ${B} INTO low, high FROM unnest(buckets) b;
  ${addRows(`(SELECT * FROM ${EVENTS_TABLE}
    WHERE time_ms >= low AND time_ms < high AND time_ms / ${B} * ${B} = ANY(buckets))`)}
END
$fn$`,
  `CREATE OR REPLACE FUNCTION ${ROLLUP_PREFIX}_add() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  ${addRows('added')}
  RETURN NULL;
END
$fn$`,
  `CREATE OR REPLACE FUNCTION ${ROLLUP_PREFIX}_redo() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  touched bigint[];
BEGIN
  IF TG_OP = 'UPDATE' THEN
    SELECT array_agg(DISTINCT b) INTO touched
    FROM (SELECT time_ms / ${B} * ${B} AS b FROM removed UNION ALL SELECT time_ms / ${B} * ${B} FROM added) t;
  ELSE
    SELECT array_agg(DISTINCT time_ms / ${B} * ${B}) INTO touched FROM removed;
  END IF;
  IF touched IS NOT NULL THEN
    PERFORM ${ROLLUP_PREFIX}_rebuild(touched);
  END IF;
  RETURN NULL;
END
$fn$`,
  `CREATE OR REPLACE FUNCTION ${ROLLUP_PREFIX}_clear() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  TRUNCATE ${counts}, ${keys};
  RETURN NULL;
END
$fn$`,
  `CREATE OR REPLACE TRIGGER ${ROLLUP_PREFIX}_add AFTER INSERT ON ${EVENTS_TABLE}
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION ${ROLLUP_PREFIX}_add()`,
  `CREATE OR REPLACE TRIGGER ${ROLLUP_PREFIX}_remove AFTER DELETE ON ${EVENTS_TABLE}
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION ${ROLLUP_PREFIX}_redo()`,
  `CREATE OR REPLACE TRIGGER ${ROLLUP_PREFIX}_change AFTER UPDATE ON ${EVENTS_TABLE}
  REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION ${ROLLUP_PREFIX}_redo()`,
  `CREATE OR REPLACE TRIGGER ${ROLLUP_PREFIX}_clear AFTER TRUNCATE ON ${EVENTS_TABLE}
  FOR EACH STATEMENT EXECUTE FUNCTION ${ROLLUP_PREFIX}_clear()`,
];
