import type { SqlQueryable } from '../SqlClient.js';
import { HttpError } from './HttpError.js';
import type { RouteHandler } from './Router.js';
import { sendJson } from './sendJson.js';

/**
 * `GET /v1/ready`, no token: 200 once the database answers, 503 while it does not, so a load
 * balancer sends no traffic to a collector that cannot store it. (`/v1/health` says only that
 * the process serves.)
 */
export function readyRoute(db: SqlQueryable): RouteHandler {
  return async ({ res }) => {
    try {
      await db.query('SELECT 1');
    } catch {
      throw new HttpError(503, 'database unavailable', { 'retry-after': '5' });
    }
    sendJson(res, 200, { status: 'ready' });
  };
}
