import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { DEFAULT_HOST, DEFAULT_PORT, MAX_BODY_BYTES, MAX_INFLATED_BYTES, SHUTDOWN_GRACE_MS } from './defaults.js';

/** The longest delay a Node timer takes. */
const MAX_TIMER_MS = 2 ** 31 - 1;
import { collectorRouter } from './collectorRouter.js';
import { createAuth } from './http/createAuth.js';
import { createHttpServer, defaultServerLimits, type ServerLimits } from './http/createHttpServer.js';
import { createRequestHandler } from './http/createRequestHandler.js';
import { createMetrics } from './http/metrics.js';
import { stopServer } from './http/stopServer.js';
import { loadTokens, type CollectorToken } from './loadTokens.js';
import { createMaintenance } from './maintenance/createMaintenance.js';
import { retentionDaysSchema } from './retentionDays.js';
import type { SqlClient } from './SqlClient.js';
import { cursorSecret } from './store/cursorSecret.js';
import { openStore } from './store/openStore.js';
import { prepareStore } from './store/prepareStore.js';

function checkedOptions(options: CollectorOptions): { tokens: CollectorToken[]; retentionDays: number | undefined } {
  const tokens = loadTokens(options.tokens);
  if (!tokens || tokens.length === 0) {
    throw new Error(
      'createCollector: no tokens configured; pass options.tokens (array or JSON file path) or set LABELTRAIL_TOKENS',
    );
  }
  if (options.retentionDays === undefined) return { tokens, retentionDays: undefined };
  const retention = retentionDaysSchema.safeParse(options.retentionDays);
  if (!retention.success) {
    throw new Error(
      `createCollector: retentionDays ${retention.error.issues[0]!.message}, got ${options.retentionDays}`,
    );
  }
  return { tokens, retentionDays: retention.data };
}

// A timer takes at most 2³¹−1 ms; past it (or for NaN) Node fires at once, cutting requests in flight.
function checkedGrace(ms: number): number {
  if (ms >= 0 && ms <= MAX_TIMER_MS) return ms;
  throw new Error(`createCollector: shutdownGraceMs must be 0 to ${MAX_TIMER_MS} ms, got ${ms}`);
}

function teamsOf(tokens: readonly CollectorToken[]): Map<string, string> {
  const teamOfUser = new Map<string, string>();
  for (const entry of tokens)
    if (entry.team !== undefined && !teamOfUser.has(entry.user)) teamOfUser.set(entry.user, entry.team);
  return teamOfUser;
}

/**
 * Creates a reference collector: opens (or creates) its database, and returns an HTTP
 * handler that serves `/v1/health`, `POST /v1/logs`, `GET /v1/logs`, `GET /v1/logs.csv`,
 * `GET /v1/stats` and `GET /v1/categories`. Use `listen()` to run it alone or `middleware` to
 * mount it in another server (Vite's dev server, connect, express). It only wires the parts: router and
 * request handling (`http/`), ingest, queries and CSV (`query/`), storage (`store/`) and
 * housekeeping (`maintenance/`).
 *
 * @example
 * const collector = await createCollector({ dataDir: '.data/collector', tokens: './tokens.json' });
 * const { url } = await collector.listen({ port: 4318 });
 */
export async function createCollector(options: CollectorOptions = {}): Promise<Collector> {
  const { tokens, retentionDays } = checkedOptions(options);
  const log = options.logger ?? pino({ level: 'silent' });
  const now = options.now ?? Date.now;
  const { db, storage } = await openStore(options);
  await prepareStore(db);
  const secret = await cursorSecret(db);
  const maintenance = createMaintenance({ db, log, retentionDays, now, onError: options.onError });
  await maintenance.start();

  const auth = createAuth(tokens);
  const limits = {
    maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
    maxInflatedBytes: Math.max(options.maxBodyBytes ?? 0, MAX_INFLATED_BYTES),
  };
  const metrics = createMetrics(() => db.poolUse?.());
  const router = collectorRouter({
    db,
    storage,
    auth,
    limits,
    teamOfUser: teamsOf(tokens),
    secret,
    now,
    maintenance,
    metrics,
  });
  const handle = createRequestHandler({
    router,
    log,
    corsOrigin: options.corsOrigin ?? '*',
    onError: options.onError,
    onAnswered: metrics.countRequest,
  });
  const serverLimits = { ...defaultServerLimits, ...options.serverLimits };
  const shutdownGraceMs = checkedGrace(options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS);

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
    sweepRetention: maintenance.sweepRetention,
    async listen({ port = DEFAULT_PORT, host = DEFAULT_HOST } = {}) {
      const server = createHttpServer(handle, serverLimits, log);
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
        // Servers first: requests in flight still need the database.
        await Promise.all([...servers].map((server) => stopServer(server, shutdownGraceMs)));
        await maintenance.close();
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
  /**
   * A PostgreSQL server (`postgres://user:password@host:port/database`), through a
   * node-postgres pool; `dataDir` is then ignored. Checked at start: a bad URL, an unreachable
   * server or wrong credentials throw a `DatabaseUnavailableError` naming the problem.
   */
  readonly database?: string;
  /** Token list, or the path of a JSON file holding one; defaults to the LABELTRAIL_TOKENS environment variable. */
  readonly tokens?: readonly CollectorToken[] | string;
  /**
   * Delete events whose event time or received time is older than this many days (1 to 36,500),
   * at start and hourly. Off by default: nothing expires.
   */
  readonly retentionDays?: number;
  /** Largest request body as sent, in bytes (413 above it). */
  readonly maxBodyBytes?: number;
  /** `Access-Control-Allow-Origin` to send, or false for none. Default `*`: access is by bearer token, not cookie. */
  readonly corsOrigin?: string | false;
  /** Clock, for retention; defaults to Date.now. */
  readonly now?: () => number;
  /** Called with unexpected errors (answered 500), besides the log. */
  readonly onError?: (error: unknown) => void;
  /** Structured JSON log (pino): one line per request with its id, errors by name and message only. Default: silent. */
  readonly logger?: Logger;
  /** Time limits and the connection cap of servers started by `listen` (defaults in `defaults.ts`). */
  readonly serverLimits?: Partial<ServerLimits>;
  /** How long `close()` lets requests in flight finish before cutting them (default 10 s). */
  readonly shutdownGraceMs?: number;
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
  /**
   * Stops servers started by `listen` (no new connections; requests in flight finish, for up
   * to `shutdownGraceMs`), then the retention timer and the database. Idempotent.
   */
  close(): Promise<void>;
}
