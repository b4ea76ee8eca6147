import type { IncomingMessage } from 'node:http';
import { HttpError } from './HttpError.js';

// Only the path and query of a target matter; this base only completes origin-form targets.
const BASE = 'http://collector.invalid';

/**
 * The request target as a URL, or a 400. A target such as `//a:99999/x` or `http://a:99999/`
 * makes `new URL` throw (port out of range), so it is parsed here, inside error handling.
 * A middleware mounted under a prefix sees a shortened `req.url`; `originalUrl` keeps the full path.
 */
export function requestTarget(req: IncomingMessage): URL {
  const raw = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  // Origin-form only (RFC 9112 §3.2.1): anything else is not a path this server serves.
  if (!raw.startsWith('/') || raw.startsWith('//')) throw new HttpError(400, 'request target must be a path');
  try {
    return new URL(raw, BASE);
  } catch {
    throw new HttpError(400, 'request target is not a valid path');
  }
}
