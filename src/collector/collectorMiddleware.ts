import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCollector, type Collector, type CollectorMiddleware, type CollectorOptions } from './createCollector.js';

/** The middleware plus a way to release the database it opened. */
export interface LazyCollectorMiddleware extends CollectorMiddleware {
  /** The collector, once opened (it opens on the first `/v1/...` request). */
  collector(): Promise<Collector>;
  /** Closes the collector if it was opened. */
  close(): Promise<void>;
}

/**
 * A connect-style middleware factory: serves `/v1/...` from a collector it opens on first
 * use, and calls `next()` for every other path, so it can sit in front of a page server.
 *
 * @example
 * // vite.config.ts (or any connect/express app)
 * server.middlewares.use(collectorMiddleware({ dataDir: '.data/demo', tokens: './tokens.json' }));
 */
export function collectorMiddleware(options: CollectorOptions = {}): LazyCollectorMiddleware {
  let opening: Promise<Collector> | undefined;
  const open = () => (opening ??= createCollector(options));
  const middleware = ((req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
    const path =
      ((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/').split('?')[0] ?? '/';
    if (path !== '/v1' && !path.startsWith('/v1/')) {
      next();
      return;
    }
    open().then(
      (collector) => collector.middleware(req, res, next),
      (error: unknown) => next(error),
    );
  }) as LazyCollectorMiddleware;
  middleware.collector = open;
  middleware.close = async () => {
    if (opening) await (await opening).close();
  };
  return middleware;
}
