import type { SqlQueryable } from '../SqlClient.js';
import type { RouteHandler } from './Router.js';
import { sendJson } from './sendJson.js';

/** `GET /v1/health`, no token: answers once the database answers, naming the kind of storage. */
export function healthRoute(db: SqlQueryable, storage: 'pglite-disk' | 'pglite-memory' | 'external'): RouteHandler {
  return async ({ res }) => {
    await db.query('SELECT 1');
    sendJson(res, 200, { status: 'ok', storage });
  };
}
