// `npm run demo`: the demo editor, inspector and activity log on Vite's dev server, with the
// reference collector mounted at /v1 on an on-disk PGlite database. No other service.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer, type ViteDevServer } from 'vite';
import { collectorVitePlugin } from '../src/collector/index.js';
import { demoPlugin, type DemoConfig } from './demoPlugin.js';

/** The port `npm run demo` listens on unless `--port` or `DEMO_PORT` says otherwise (Vite's usual port). */
export const DEFAULT_DEMO_PORT = 5173;
/** Loopback only: the dev tokens are printed and served to the page, so nobody else may reach it. */
export const DEMO_HOST = '127.0.0.1';
/** Already gitignored; survives restarts so the activity log keeps its history. */
export const DEFAULT_DEMO_DATA_DIR = '.data/demo';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface DemoServerOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly dataDir?: string;
  /** Vite's log level; the test keeps it quiet. */
  readonly logLevel?: 'info' | 'warn' | 'error' | 'silent';
}

export interface DemoServer {
  readonly url: string;
  readonly config: DemoConfig;
  close(): Promise<void>;
}

const secret = () => randomBytes(18).toString('base64url');

/**
 * Starts the demo: Vite serving `demo/`, the fault switches and media routes, and the
 * collector at /v1. Tokens are new on every start and never written to disk.
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const config: DemoConfig = {
    annotator: { id: 'ann-1', email: 'ann-1@demo.example', token: secret() },
    admin: { id: 'admin', token: secret() },
    reviewer: { id: 'rev-1', token: secret() },
    backend: { id: 'export-service', token: secret() },
    project: 'demo',
  };
  const tokens = [
    { token: config.annotator.token, user: config.annotator.id, role: 'annotator' as const, team: 'demo' },
    { token: config.admin.token, user: config.admin.id, role: 'owner' as const },
    { token: config.reviewer.token, user: config.reviewer.id, role: 'reviewer' as const, team: 'demo' },
    // A service's token ties its writes to its own user, as an annotator's does.
    { token: config.backend.token, user: config.backend.id, role: 'annotator' as const },
  ];
  const vite: ViteDevServer = await createServer({
    root: resolve(REPO_ROOT, 'demo'),
    configFile: false,
    logLevel: options.logLevel ?? 'info',
    appType: 'mpa',
    server: {
      host: DEMO_HOST,
      port: options.port ?? DEFAULT_DEMO_PORT,
      strictPort: options.port !== undefined && options.port !== 0,
      // The pages import the library straight from src/, outside the demo root.
      fs: { allow: [REPO_ROOT] },
    },
    optimizeDeps: { include: ['idb', '@annotorious/annotorious'] },
    plugins: [
      // The fault switches sit in front of the collector, so they are mounted first.
      demoPlugin({ config, fixtures: resolve(REPO_ROOT, 'test/fixtures') }),
      collectorVitePlugin({ dataDir: resolve(REPO_ROOT, options.dataDir ?? DEFAULT_DEMO_DATA_DIR), tokens }),
    ],
  });
  await vite.listen();
  const address = vite.httpServer?.address() as AddressInfo;
  const url = `http://${DEMO_HOST}:${address.port}/`;
  // The collector opens its database on the first /v1 request; creating one takes seconds,
  // so open it now rather than make the page's first delivery wait.
  await fetch(`${url}v1/health`);
  return {
    url,
    config,
    async close() {
      await vite.close();
    },
  };
}

function portFromArgs(argv: readonly string[]): number {
  const i = argv.indexOf('--port');
  const raw = i >= 0 ? argv[i + 1] : (argv.find((a) => a.startsWith('--port='))?.slice(7) ?? process.env.DEMO_PORT);
  if (raw === undefined) return DEFAULT_DEMO_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got "${raw}"`);
  return port;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await startDemoServer({ port: portFromArgs(process.argv.slice(2)) });
  const { url, config } = server;
  console.log(`\nlabeltrail demo   ${url}`);
  console.log(`  editor + inspector  ${url}`);
  console.log(`  activity log        ${url}activity.html`);
  console.log(`  data                ${DEFAULT_DEMO_DATA_DIR}`);
  console.log(`  tokens (new each start):`);
  console.log(`    annotator ${config.annotator.id}  ${config.annotator.token}`);
  console.log(`    owner     ${config.admin.id}  ${config.admin.token}`);
  console.log(`    backend   ${config.backend.id}  ${config.backend.token}  (npm run demo:backend)\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
