import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { HttpError } from './HttpError.js';

/** What a route handler gets: the request, its answer, the parsed target and the request's logger. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly requestId: string;
  readonly log: Logger;
}

export type RouteHandler = (context: RequestContext) => Promise<void>;

/**
 * Method + exact path → handler. An unknown path is a 404 naming the known ones, a known path
 * with another method a 405 with `Allow`. Add a route with one `add` call (e.g. `/metrics`).
 */
export class Router {
  readonly #routes = new Map<string, Map<string, RouteHandler>>();

  add(method: string, path: string, handler: RouteHandler): this {
    const methods = this.#routes.get(path) ?? new Map<string, RouteHandler>();
    methods.set(method, handler);
    this.#routes.set(path, methods);
    return this;
  }

  /** Whether some method is routed at `path` (metrics name known routes only: paths are unbounded). */
  knows(path: string): boolean {
    return this.#routes.has(path);
  }

  /** Runs the handler of the request's method and path; throws HttpError 404/405 when there is none. */
  route(context: RequestContext): Promise<void> {
    const path = context.url.pathname;
    const method = context.req.method ?? 'GET';
    const methods = this.#routes.get(path);
    if (!methods) {
      const known = [...this.#routes.keys()].join(', ');
      throw new HttpError(404, `no endpoint ${method} ${path}; see ${known}`);
    }
    const handler = methods.get(method);
    if (!handler) {
      const allow = [...methods.keys()].join(', ');
      throw new HttpError(405, `${method} is not allowed on ${path}; use ${allow}`, { allow });
    }
    return handler(context);
  }
}
