// Serves test/fixtures/video under /capture-video/, delaying a response by ?delay=ms, and
// records when each request arrived and was answered.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface VideoRequest {
  readonly name: string;
  readonly delayMs: number;
  readonly arrivedAt: number;
  answeredAt?: number;
}

const TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
  '.m3u8': 'application/vnd.apple.mpegurl',
};

export function videoRoute(requests: VideoRequest[]) {
  const dir = join(process.cwd(), 'test/fixtures/video');
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith('/capture-video/')) return false;
    const name = url.pathname.slice('/capture-video/'.length);
    if (!/^(low\/)?[\w.]+$/.test(name)) return false;
    const delayMs = Number(url.searchParams.get('delay') ?? 0);
    const request: VideoRequest = { name, delayMs, arrivedAt: Date.now() };
    requests.push(request);
    const body = readFileSync(join(dir, name));
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    res.writeHead(200, {
      'content-type': TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream',
      'content-length': body.length,
      'access-control-allow-origin': '*',
    });
    res.end(body);
    request.answeredAt = Date.now();
    return true;
  };
}
