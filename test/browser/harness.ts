// Real-browser test harness: a local HTTP server that serves the library's source through
// Vite (so pages import `/src/index.ts` directly), records every request that reaches the
// log endpoint, and answers it the way a test tells it to; plus Debian's Chromium through
// playwright-core.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps dialling hosts this machine
// cannot reach; autoplay is lifted so media tests can start playback from a script.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

/** One request that reached the log endpoint, body decoded (gunzipped, JSON-parsed). */
export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly rawBytes: number;
  readonly body: unknown;
  readonly at: number;
}

/** What the log endpoint answers; the default is 200 with an empty native result. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Delay before answering, ms. */
  delayMs?: number;
}

export type Responder = (request: ReceivedRequest) => Reply | undefined;

export interface Harness {
  readonly origin: string;
  readonly received: ReceivedRequest[];
  /** Events of every native or OTLP request received, in arrival order (ids may repeat). */
  eventIds(): string[];
  respond(responder: Responder | undefined): void;
  /**
   * A classic script every HTML page served from now on runs before its own scripts (undefined
   * stops it): the same in every engine, since WebDriver classic has no init scripts.
   */
  initScript(script: string | undefined): void;
  /** Extra routes for a test (served before Vite). Return true when handled. */
  route(handler: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>): void;
  close(): Promise<void>;
}

const LOG_PATHS = new Set(['/v1/logs']);

/** The whole request body. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

/** Event ids of a parsed native or OTLP body, in order. */
export function idsOf(body: unknown): string[] {
  const native = body as { events?: { id: string }[] };
  if (Array.isArray(native?.events)) return native.events.map((e) => e.id);
  const otlp = body as {
    resourceLogs?: {
      scopeLogs: { logRecords: { attributes: { key: string; value: { stringValue?: string } }[] }[] }[];
    }[];
  };
  return (otlp.resourceLogs ?? []).flatMap((r) =>
    r.scopeLogs.flatMap((s) =>
      s.logRecords.map((l) => l.attributes.find((a) => a.key === 'labeltrail.id')?.value.stringValue ?? ''),
    ),
  );
}

export async function startHarness(): Promise<Harness> {
  const vite: ViteDevServer = await createViteServer({
    root: process.cwd(),
    configFile: false,
    logLevel: 'error',
    // 'custom': pages are served by the handler below, not by Vite's HTML fallback.
    appType: 'custom',
    // labeltrail.test: a name the browser is told to resolve here, for an origin that is not a
    // secure context (insecure-origin.test.ts).
    server: { middlewareMode: true, hmr: false, ws: false, allowedHosts: ['labeltrail.test'] },
    optimizeDeps: { noDiscovery: true, include: ['idb', '@annotorious/annotorious', 'hls.js'] },
  });
  const received: ReceivedRequest[] = [];
  let responder: Responder | undefined;
  let initScript: string | undefined;
  const routes: ((req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>)[] = [];

  const server = createHttpServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    try {
      for (const handle of routes) if (await handle(req, res)) return;
      if (req.method === 'POST' && LOG_PATHS.has(path)) {
        const raw = await readBody(req);
        const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
        const request: ReceivedRequest = { path, headers: req.headers, rawBytes: raw.length, body, at: Date.now() };
        const reply = responder?.(request) ?? { status: 200, body: { accepted: idsOf(body).length, rejected: [] } };
        if (reply.status >= 200 && reply.status < 300) received.push(request);
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
        return;
      }
      if (req.method === 'GET' && !req.url?.includes('html-proxy') && path.endsWith('.html') && !path.includes('..')) {
        const file = join(process.cwd(), path);
        if (existsSync(file)) {
          // Vite rewrites bare imports in inline scripts; its HMR client is left out, since
          // there is no HMR socket to connect to.
          const html = (await vite.transformIndexHtml(path, readFileSync(file, 'utf8'))).replace(
            /<script type="module" src="\/@vite\/client"><\/script>/,
            '',
          );
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          // After the doctype, so the page stays in standards mode.
          const script = initScript === undefined ? '' : `<script>${initScript}</script>`;
          res.end(html.replace(/^\s*(<!doctype[^>]*>)?/i, (doctype) => doctype + script));
          return;
        }
      }
      vite.middlewares(req, res, () => {
        res.statusCode = 404;
        res.end('not found');
      });
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    eventIds: () => received.flatMap((r) => idsOf(r.body)),
    respond(next) {
      responder = next;
    },
    initScript(script) {
      initScript = script;
    },
    route(handler) {
      routes.push(handler);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await vite.close();
    },
  };
}

/** A fresh browser with its storage in memory. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A profile kept on disk, so IndexedDB survives a reload and a browser restart. */
export interface Profile {
  readonly dir: string;
  open(): Promise<BrowserContext>;
  remove(): void;
}

export function createProfile(): Profile {
  const dir = mkdtempSync(join(tmpdir(), 'labeltrail-profile-'));
  return {
    dir,
    open: () =>
      chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Drags with the real mouse from (x1, y1) to (x2, y2) over `ms`, a move every 50 ms or so. */
export async function drag(
  page: Page,
  [x1, y1]: [number, number],
  [x2, y2]: [number, number],
  ms: number,
): Promise<void> {
  await page.mouse.move(x1, y1);
  await page.mouse.down();
  const steps = Math.max(2, Math.round(ms / 50));
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(x1 + ((x2 - x1) * i) / steps, y1 + ((y2 - y1) * i) / steps);
    await page.waitForTimeout(ms / steps);
  }
  await page.mouse.up();
}

/** The harness and the Chromium of one test file: started before its first test, closed after its last. */
export function useHarnessAndBrowser(): { readonly harness: Harness; readonly browser: Browser } {
  const current = {} as { harness: Harness; browser: Browser };
  beforeAll(async () => {
    current.harness = await startHarness();
    current.browser = await launchBrowser();
  });
  afterAll(async () => {
    await current.browser?.close();
    await current.harness?.close();
  });
  return current;
}
