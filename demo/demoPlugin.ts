// Dev-only routes of the demo server, never part of the library: the page's configuration
// (who is logged in, with which token), the fixture media, and the fault switches that sit
// in front of the collector so QA can watch the queue hold events and drain them.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

/** What the pages are told at start: the demo annotator and the admin reading the log. */
export interface DemoConfig {
  readonly annotator: { readonly id: string; readonly email: string; readonly token: string };
  readonly admin: { readonly id: string; readonly token: string };
  /** Reviews annotations on the Label Studio page (`?role=reviewer`). */
  readonly reviewer: { readonly id: string; readonly token: string };
  /** The demo backend (`demo/backend.ts`): writes only its own events, like an annotator. */
  readonly backend: { readonly id: string; readonly token: string };
  readonly project: string;
}

/** How the collector (and the video server) misbehave; see docs/demo.md. */
export const FAULT_MODES = ['none', 'offline', 'error-500', 'error-429', 'slow', 'video-slow'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/** Retry-After sent with the 429: short, so QA sees the client honour it within a few seconds. */
export const RETRY_AFTER_S = 3;
/** A slow collector: long enough to watch a request in flight, far below the client's 30 s timeout. */
export const SLOW_RESPONSE_MS = 3_000;
/** A held video segment: well over the 500 ms a stall must last to count as buffering. */
export const VIDEO_HOLD_MS = 2_000;

const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
};

type Next = (error?: unknown) => void;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (part: string) => (text += part));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The demo's Vite plugin: config, media and fault routes, mounted before the collector. */
export function demoPlugin(options: { config: DemoConfig; fixtures: string }): Plugin {
  let mode: FaultMode = 'none';

  const handle = async (req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://demo');
    const path = url.pathname;
    if (path === '/__demo/config') return sendJson(res, 200, options.config);
    if (path === '/__demo/faults') {
      if (req.method === 'POST') {
        const requested = (JSON.parse((await readText(req)) || '{}') as { mode?: string }).mode;
        if (!FAULT_MODES.includes(requested as FaultMode)) {
          return sendJson(res, 400, { error: `mode must be one of ${FAULT_MODES.join(', ')}` });
        }
        mode = requested as FaultMode;
      }
      return sendJson(res, 200, { mode });
    }
    const media = /^\/media\/((?:video\/)?[\w.]+)$/.exec(path);
    if (media) {
      const name = media[1]!;
      const extension = name.slice(name.lastIndexOf('.'));
      const type = MEDIA_TYPES[extension];
      if (!type) return next();
      const body = await readFile(join(options.fixtures, name));
      // Only segments are held back, so the player starts and then runs dry mid-stream.
      if (mode === 'video-slow' && extension === '.m4s') await sleep(VIDEO_HOLD_MS);
      res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    // Faults apply to deliveries only; reading the log keeps working so QA can look.
    if (req.method === 'POST' && path === '/v1/logs') {
      if (mode === 'offline') {
        // As if the collector were unreachable: the connection drops without an answer,
        // so the browser's fetch fails with a network error.
        req.socket.destroy();
        return;
      }
      if (mode === 'error-500') return sendJson(res, 500, { error: 'demo fault: internal error' });
      if (mode === 'error-429') {
        return sendJson(res, 429, { error: 'demo fault: too many requests' }, { 'retry-after': String(RETRY_AFTER_S) });
      }
      if (mode === 'slow') await sleep(SLOW_RESPONSE_MS);
    }
    next();
  };

  return {
    name: 'labeltrail-demo',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        handle(req, res, next).catch((error: unknown) => next(error));
      });
    },
  };
}
