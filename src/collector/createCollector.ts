import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ANALYZE_GROWTH_FRACTION,
  ANALYZE_MIN_NEW_ROWS,
  DEFAULT_HOST,
  DEFAULT_PAGE_LIMIT,
  DEFAULT_PORT,
  CSV_CHUNK_ROWS,
  EVENTS_TABLE,
  MAX_BODY_BYTES,
  MAX_INFLATED_BYTES,
  MAX_PAGE_LIMIT,
  RETENTION_SWEEP_MS,
} from './defaults.js';
import { computeStats } from './query/computeStats.js';
import type { SortKey, SortOrder } from './query/cursor.js';
import { csvHeader, csvLine } from './query/csvRows.js';
import { HttpError } from './http/HttpError.js';
import { ingestBatch } from './ingest/ingestBatch.js';
import { parseLogFilter, type LogFilter } from './query/logFilter.js';
import { openStore } from './store/openStore.js';
import { queryPage } from './query/queryPage.js';
import { prepareStore } from './store/prepareStore.js';
import { rollupTables } from './store/rollupSchema.js';
import { readJsonBody } from './http/readJsonBody.js';
import { loadTokens, type CollectorToken } from './loadTokens.js';
import type { SqlClient } from './SqlClient.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function pageOptions(params: URLSearchParams): { sort: SortKey; order: SortOrder; limit: number; cursor?: string } {
  const sort = params.get('sort') ?? 'time';
  if (sort !== 'time' && sort !== 'action') throw new HttpError(400, `sort must be "time" or "action", got "${sort}"`);
  const order = params.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw new HttpError(400, `order must be "asc" or "desc", got "${order}"`);
  const rawLimit = params.get('limit');
  const limit = rawLimit === null ? DEFAULT_PAGE_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new HttpError(400, `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}, got "${rawLimit}"`);
  }
  const cursor = params.get('cursor') ?? undefined;
  return { sort, order, limit, ...(cursor ? { cursor } : {}) };
}

function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Creates a reference collector: opens (or creates) its database, and returns an HTTP
 * handler that serves `/v1/health`, `POST /v1/logs`, `GET /v1/logs`, `GET /v1/logs.csv`
 * and `GET /v1/stats`. Use `listen()` to run it alone or `middleware` to mount it in
 * another server (Vite's dev server, connect, express).
 *
 * @example
 * const collector = await createCollector({ dataDir: '.data/collector', tokens: './tokens.json' });
 * const { url } = await collector.listen({ port: 4318 });
 */
export async function createCollector(options: CollectorOptions = {}): Promise<Collector> {
  const tokens = loadTokens(options.tokens);
  if (!tokens || tokens.length === 0) {
    throw new Error(
      'createCollector: no tokens configured; pass options.tokens (array or JSON file path) or set LABELTRAIL_TOKENS',
    );
  }
  if (options.retentionDays !== undefined && !(options.retentionDays > 0)) {
    throw new Error(`createCollector: retentionDays must be a positive number of days, got ${options.retentionDays}`);
  }
  const byHash = new Map(tokens.map((entry) => [sha256(entry.token), entry]));
  const teamOfUser = new Map<string, string>();
  for (const entry of tokens)
    if (entry.team !== undefined && !teamOfUser.has(entry.user)) teamOfUser.set(entry.user, entry.team);
  const limits = {
    maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
    maxInflatedBytes: Math.max(options.maxBodyBytes ?? 0, MAX_INFLATED_BYTES),
  };
  const now = options.now ?? Date.now;
  const corsOrigin = options.corsOrigin ?? '*';

  const { db, storage } = await openStore(options);
  await prepareStore(db);

  // Without fresh statistics the planner scans by time for a selective actor or action
  // filter. A server's autovacuum would refresh them; PGlite has none, so count new rows
  // and ANALYZE after a batch once enough arrived.
  let rowsAtLastAnalyze = 0;
  let newRows = 0;
  let analyzing: Promise<void> | undefined;
  async function analyze(): Promise<void> {
    await db.query(`ANALYZE ${EVENTS_TABLE}, ${Object.values(rollupTables).join(', ')}`);
    // ANALYZE has just estimated the row count; counting rows exactly would scan the table.
    const estimate = await db.query<{ n: number | string }>(
      `SELECT reltuples AS n FROM pg_class WHERE oid = $1::regclass`,
      [EVENTS_TABLE],
    );
    rowsAtLastAnalyze = Math.max(0, Number(estimate.rows[0]?.n ?? 0));
  }
  function noteInserted(rows: number): void {
    newRows += rows;
    if (analyzing || newRows < Math.max(ANALYZE_MIN_NEW_ROWS, rowsAtLastAnalyze * ANALYZE_GROWTH_FRACTION)) return;
    newRows = 0;
    analyzing = analyze()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        analyzing = undefined;
      });
  }
  await analyze();

  async function sweepRetention(): Promise<number> {
    if (options.retentionDays === undefined) return 0;
    const cutoff = Math.floor(now() - options.retentionDays * DAY_MS);
    const result = await db.query(`DELETE FROM ${EVENTS_TABLE} WHERE time_ms < $1`, [cutoff]);
    return result.affectedRows ?? 0;
  }
  let sweepTimer: NodeJS.Timeout | undefined;
  if (options.retentionDays !== undefined) {
    await sweepRetention();
    sweepTimer = setInterval(
      () => void sweepRetention().catch((error: unknown) => options.onError?.(error)),
      RETENTION_SWEEP_MS,
    );
    sweepTimer.unref();
  }

  function authenticate(req: IncomingMessage): CollectorToken {
    const header = req.headers.authorization;
    const challenge = { 'www-authenticate': 'Bearer realm="labeltrail"' };
    if (!header)
      throw new HttpError(401, 'missing Authorization header; send "Authorization: Bearer <token>"', challenge);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw new HttpError(401, 'Authorization header must be "Bearer <token>"', challenge);
    // Looking tokens up by digest keeps the comparison time independent of how much matched.
    const entry = byHash.get(sha256(match[1]));
    if (!entry) throw new HttpError(401, 'unknown token', challenge);
    return entry;
  }

  function requireReader(token: CollectorToken): void {
    if (token.role !== 'owner' && token.role !== 'admin') {
      throw new HttpError(
        403,
        `a ${token.role} token may not read logs, stats or exports; only owner and admin tokens may`,
      );
    }
  }

  async function streamCsv(
    res: ServerResponse,
    filter: LogFilter,
    page: ReturnType<typeof pageOptions>,
  ): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="labeltrail-logs.csv"',
    });
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    if (!res.write(csvHeader())) await waitForDrain(res);
    let cursor: string | undefined;
    do {
      const result = await queryPage(db, {
        filter,
        sort: page.sort,
        order: page.order,
        limit: CSV_CHUNK_ROWS,
        ...(cursor ? { cursor } : {}),
      });
      if (closed) return;
      if (result.events.length > 0 && !res.write(result.events.map(csvLine).join(''))) await waitForDrain(res);
      cursor = result.nextCursor ?? undefined;
    } while (cursor && !closed);
    res.end();
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === '/v1/health') {
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'use GET /v1/health', { allow: 'GET, HEAD' });
      await db.query('SELECT 1');
      sendJson(res, 200, { status: 'ok', storage });
      return;
    }
    if (path === '/v1/logs' && method === 'POST') {
      const token = authenticate(req);
      const body = await readJsonBody(req, limits);
      const { answer, stored } = await ingestBatch(db, body, token, teamOfUser, now());
      sendJson(res, 200, answer);
      noteInserted(stored);
      return;
    }
    const readRoutes = ['/v1/logs', '/v1/logs.csv', '/v1/stats'];
    if (!readRoutes.includes(path))
      throw new HttpError(404, `no endpoint ${method} ${path}; see /v1/health, /v1/logs, /v1/logs.csv, /v1/stats`);
    if (method !== 'GET') {
      throw new HttpError(405, `${method} is not allowed on ${path}`, {
        allow: path === '/v1/logs' ? 'GET, POST' : 'GET',
      });
    }
    requireReader(authenticate(req));
    const params = url.searchParams;
    if (path === '/v1/stats') {
      sendJson(res, 200, await computeStats(db, parseLogFilter(params, false)));
      return;
    }
    const filter = parseLogFilter(params, true);
    const page = pageOptions(params);
    if (path === '/v1/logs.csv') {
      await streamCsv(res, filter, page);
      return;
    }
    const result = await queryPage(db, { filter, ...page });
    sendJson(res, 200, { events: result.events.map((stored) => stored.event), nextCursor: result.nextCursor });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A middleware mounted under a prefix sees a shortened req.url; originalUrl keeps the full path.
    const rawUrl = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    const url = new URL(rawUrl, 'http://collector.invalid');
    if (corsOrigin !== false) {
      res.setHeader('access-control-allow-origin', corsOrigin);
      res.setHeader('access-control-expose-headers', 'content-disposition');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': 'authorization, content-type, content-encoding',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    try {
      await route(req, res, url);
    } catch (error) {
      if (res.headersSent) {
        // Mid-stream (CSV): the status is gone; cutting the connection tells the client the export is incomplete.
        res.destroy(error as Error);
        return;
      }
      if (error instanceof HttpError) {
        sendJson(res, error.status, { error: error.message }, { ...error.headers });
      } else {
        options.onError?.(error);
        sendJson(res, 500, { error: `internal error: ${(error as Error).message}` });
      }
    }
  }

  const servers = new Set<Server>();
  let closing: Promise<void> | undefined;

  return {
    tokens,
    db,
    handle,
    middleware(req, res, next) {
      const path =
        ((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/').split('?')[0] ?? '/';
      if (path !== '/v1' && !path.startsWith('/v1/')) {
        next();
        return;
      }
      void handle(req, res);
    },
    sweepRetention,
    async listen({ port = DEFAULT_PORT, host = DEFAULT_HOST } = {}) {
      const server = createServer((req, res) => void handle(req, res));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      servers.add(server);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return { server, port: address.port, url: `http://${shownHost}:${address.port}` };
    },
    close() {
      closing ??= (async () => {
        if (sweepTimer) clearInterval(sweepTimer);
        await analyzing;
        await Promise.all(
          [...servers].map(
            (server) =>
              new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
              }),
          ),
        );
        await db.close();
      })();
      return closing;
    },
  };
}

/** Options of `createCollector`. */
export interface CollectorOptions {
  /** Directory of the PGlite database, created if missing. Omit for an in-memory database (tests). */
  readonly dataDir?: string;
  /** Bring your own database (e.g. an adapter over a PostgreSQL server); `dataDir` is then ignored. */
  readonly db?: SqlClient;
  /** A PostgreSQL server (`postgres://user:password@host:port/database`), through a node-postgres pool; `dataDir` is then ignored. */
  readonly database?: string;
  /** Token list, or the path of a JSON file holding one; defaults to the LABELTRAIL_TOKENS environment variable. */
  readonly tokens?: readonly CollectorToken[] | string;
  /** Delete events older than this many days (by event time), at start and hourly. Off by default: nothing expires. */
  readonly retentionDays?: number;
  /** Largest request body as sent, in bytes (413 above it). */
  readonly maxBodyBytes?: number;
  /** `Access-Control-Allow-Origin` to send, or false for none. Default `*`: access is governed by bearer tokens, not cookies. */
  readonly corsOrigin?: string | false;
  /** Clock, for retention; defaults to Date.now. */
  readonly now?: () => number;
  /** Called with unexpected errors (answered 500), e.g. to log them. */
  readonly onError?: (error: unknown) => void;
}

/** Connect-style middleware: handles `/v1/...` and passes anything else to `next`. */
export type CollectorMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** A running collector. */
export interface Collector {
  /** The tokens in force (generated ones included), e.g. to print them. */
  readonly tokens: readonly CollectorToken[];
  /** The database, for maintenance and tests. */
  readonly db: SqlClient;
  /** Serves one request; every path is treated as a collector path. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Mountable middleware for Vite's dev server, connect or express. */
  readonly middleware: CollectorMiddleware;
  /** Deletes events past `retentionDays` now; returns how many. A no-op without the option. */
  sweepRetention(): Promise<number>;
  /** Starts a standalone HTTP server (defaults: 127.0.0.1:4318; port 0 picks a free one). */
  listen(options?: { port?: number; host?: string }): Promise<{ server: Server; port: number; url: string }>;
  /** Stops servers started by `listen`, the retention timer and the database. Idempotent. */
  close(): Promise<void>;
}
