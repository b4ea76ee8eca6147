import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { HttpError } from './HttpError.js';
import { logError } from './logError.js';
import { requestTarget } from './requestTarget.js';
import type { Router } from './Router.js';
import { sendJson } from './sendJson.js';

export interface RequestHandlerOptions {
  readonly router: Router;
  readonly log: Logger;
  /** `Access-Control-Allow-Origin`, or false for none. */
  readonly corsOrigin: string | false;
  /** Called with every unexpected error (answered 500). */
  readonly onError?: ((error: unknown) => void) | undefined;
  /** Called once per answered request with its route (a known path, else `other`) and status. */
  readonly onAnswered?: ((route: string, status: number) => void) | undefined;
}

function answerPreflight(res: ServerResponse): void {
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type, content-encoding',
    'access-control-max-age': '600',
  });
  res.end();
}

/**
 * The server's request handler: gives each request an id (`x-request-id`), answers CORS, routes,
 * and turns every error into an answer. It never rejects: a refused request is its 4xx with
 * `{ error }`; anything else is a 500 saying `internal error` and the id, never the error's
 * text (database messages name tables and SQL). Each request is one JSON log line with its
 * id, method, path (no query, no body), status and time.
 */
export function createRequestHandler(
  options: RequestHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { router, corsOrigin } = options;
  return async (req, res) => {
    const started = performance.now();
    const requestId = randomUUID();
    const log = options.log.child({ requestId });
    let path: string | undefined;
    try {
      res.setHeader('x-request-id', requestId);
      if (corsOrigin !== false) {
        res.setHeader('access-control-allow-origin', corsOrigin);
        res.setHeader('access-control-expose-headers', 'content-disposition, x-request-id');
      }
      const url = requestTarget(req);
      path = url.pathname;
      if (req.method === 'OPTIONS') answerPreflight(res);
      else await router.route({ req, res, url, requestId, log });
    } catch (error) {
      answerError(res, error, requestId, log, options.onError);
    }
    log.info(
      { method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) },
      'request',
    );
    options.onAnswered?.(path !== undefined && router.knows(path) ? path : 'other', res.statusCode);
  };
}

function answerError(
  res: ServerResponse,
  error: unknown,
  requestId: string,
  log: Logger,
  onError: ((error: unknown) => void) | undefined,
): void {
  if (!(error instanceof HttpError)) {
    logError(log, error, 'request failed');
    try {
      onError?.(error);
    } catch {
      // A throwing hook must not cost the client its answer.
    }
  }
  if (res.headersSent) {
    // Mid-stream (CSV): the status is gone; cutting the connection tells the client the export is incomplete.
    res.destroy();
    return;
  }
  if (error instanceof HttpError) sendJson(res, error.status, { error: error.message }, { ...error.headers });
  else sendJson(res, 500, { error: `internal error (request ${requestId})`, requestId });
}
