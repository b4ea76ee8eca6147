import { collectorMiddleware } from './collectorMiddleware.js';
import type { CollectorMiddleware, CollectorOptions } from './createCollector.js';

/** The part of Vite's dev server the plugin uses; declared here so the collector does not depend on Vite. */
export interface DevServerLike {
  readonly middlewares: { use(handler: CollectorMiddleware): unknown };
  readonly httpServer?: { once(event: 'close', listener: () => void): unknown } | null;
}

/** A Vite plugin object (structurally compatible with Vite's `Plugin`). */
export interface CollectorVitePlugin {
  readonly name: string;
  configureServer(server: DevServerLike): void;
  configurePreviewServer(server: DevServerLike): void;
}

/**
 * A Vite plugin that mounts the collector at `/v1/...` in `vite` (dev) and `vite preview`,
 * so a demo page can send to its own origin. The database closes with the server.
 *
 * @example
 * // vite.config.ts
 * export default defineConfig({ plugins: [collectorVitePlugin({ dataDir: '.data/demo', tokens: './tokens.json' })] });
 */
export function collectorVitePlugin(options: CollectorOptions = {}): CollectorVitePlugin {
  const mount = (server: DevServerLike) => {
    const middleware = collectorMiddleware(options);
    server.middlewares.use(middleware);
    server.httpServer?.once('close', () => void middleware.close());
  };
  return { name: 'labeltrail-collector', configureServer: mount, configurePreviewServer: mount };
}
