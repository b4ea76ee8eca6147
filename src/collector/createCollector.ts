import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { DEFAULT_HOST, DEFAULT_PORT, MAX_BODY_BYTES, MAX_INFLATED_BYTES } from './defaults.js';
import { createAuth } from './http/createAuth.js';
import { createHttpServer, defaultServerLimits, type ServerLimits } from './http/createHttpServer.js';
import { createRequestHandler } from './http/createRequestHandler.js';
import { healthRoute } from './http/healthRoute.js';
import { Router } from './http/Router.js';
import { ingestRoute } from './ingest/ingestRoute.js';
import { loadTokens, type CollectorToken } from './loadTokens.js';
import { createMaintenance } from './maintenance/createMaintenance.js';
import { addReadRoutes } from './query/readRoutes.js';
import { retentionDaysSchema } from './retentionDays.js';
import type { SqlClient } from './SqlClient.js';
import { cursorSecret } from './store/cursorSecret.js';
import { openPglite } from './store/openPglite.js';
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

function teamsOf(tokens: readonly CollectorToken[]): Map<string, string> {
  const teamOfUser = new Map<string, string>();
  for (const entry of tokens)
    if (entry.team !== undefined && !teamOfUser.has(entry.user)) teamOfUser.set(entry.user, entry.team);
  return teamOfUser;
}

/**
 * Creates a reference collector: opens (or creates) its database, and returns an HTTP
 * handler that serves `/v1/health`, `POST /v1/logs`, `GET /v1/logs`, `GET /v1/logs.csv`
 * and `GET /v1/stats`. Use `listen()` to run it alone or `middleware` to mount it in
 * another server (Vite's dev server, connect, express). It only wires the parts: router and
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
  const db: SqlClient = options.db ?? (await openPglite(options.dataDir));
  await prepareStore(db);
  const secret = await cursorSecret(db);
  const maintenance = createMaintenance({ db, log, retentionDays, now, onError: options.onError });
  await maintenance.start();

  const auth = createAuth(tokens);
  const limits = {
    maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
    maxInflatedBytes: Math.max(options.maxBodyBytes ?? 0, MAX_INFLATED_BYTES),
  };
  const storage = options.db ? 'external' : options.dataDir ? 'pglite-disk' : 'pglite-memory';
  const health = healthRoute(db, storage);
  const router = new Router()
    .add('GET', '/v1/health', health)
    // HEAD is GET without a body; Node drops the body itself.
    .add('HEAD', '/v1/health', health)
    .add(
      'POST',
      '/v1/logs',
      ingestRoute({ db, auth, limits, teamOfUser: teamsOf(tokens), now, onStored: maintenance.noteInserted }),
    );
  addReadRoutes(router, { db, auth, secret });
  const handle = createRequestHandler({ router, log, corsOrigin: options.corsOrigin ?? '*', onError: options.onError });
  const serverLimits = { ...defaultServerLimits, ...options.serverLimits };

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
        await maintenance.close();
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
