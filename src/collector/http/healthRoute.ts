import type { StorageKind } from '../store/openStore.js';
import type { RouteHandler } from './Router.js';
import { sendJson } from './sendJson.js';

/**
 * `GET /v1/health`, no token: a liveness check, answered by the process alone and naming the
 * kind of storage; whether the database answers is `GET /v1/ready`'s question.
 */
export function healthRoute(storage: StorageKind): RouteHandler {
  return async ({ res }) => sendJson(res, 200, { status: 'ok', storage });
}
