/** One statement's result: the rows, as plain objects keyed by column name, and the count of changed rows. */
export interface SqlResult<Row> {
  readonly rows: Row[];
  /** Rows an INSERT/UPDATE/DELETE changed (PGlite `affectedRows`, node-postgres `rowCount`). */
  readonly affectedRows?: number;
}

/** Anything that can run one parameterised statement (`$1`, `$2`, ... placeholders). */
export interface SqlQueryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<Row>>;
}

/**
 * The database the collector stores events in. PGlite satisfies it as is; a PostgreSQL
 * server can too through a thin adapter, because the collector only speaks plain SQL.
 * `transaction` must run `fn` in one transaction and roll back if it throws.
 *
 * @example
 * const collector = await createCollector({ db: myPostgresAdapter, tokens });
 */
export interface SqlClient extends SqlQueryable {
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Connections of a pool, where there is one (for `GET /metrics`). */
  poolUse?(): { readonly total: number; readonly idle: number; readonly waiting: number };
}
