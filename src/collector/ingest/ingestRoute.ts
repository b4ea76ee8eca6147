import type { CollectorToken } from '../loadTokens.js';
import type { Auth } from '../http/createAuth.js';
import { readJsonBody, type BodyLimits } from '../http/readJsonBody.js';
import type { RouteHandler } from '../http/Router.js';
import { sendJson } from '../http/sendJson.js';
import type { SqlClient } from '../SqlClient.js';
import { ingestBatch } from './ingestBatch.js';

export interface IngestDeps {
  readonly db: SqlClient;
  readonly auth: Auth;
  readonly limits: BodyLimits;
  /** Team of each user with one, from the token list. */
  readonly teamOfUser: ReadonlyMap<string, string>;
  readonly now: () => number;
  /** Told how many rows each batch stored (maintenance counts them for ANALYZE). */
  readonly onStored: (rows: number) => void;
}

/** `POST /v1/logs`: authenticate, read the body, check and store its events, answer per event. */
export function ingestRoute(deps: IngestDeps): RouteHandler {
  return async ({ req, res }) => {
    const token: CollectorToken = deps.auth.authenticate(req);
    const body = await readJsonBody(req, deps.limits);
    const { answer, stored } = await ingestBatch(deps.db, body, token, deps.teamOfUser, deps.now());
    sendJson(res, 200, answer);
    deps.onStored(stored);
  };
}
