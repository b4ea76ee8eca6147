import { TrailConfigError } from '../TrailConfigError.js';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Resolves the endpoint against the page and refuses any that would send the log, with
 * its bearer token, in clear text to another machine: it must be same-origin, https,
 * or loopback.
 */
export function checkEndpoint(endpoint: unknown, base: string | undefined): URL {
  if (typeof endpoint !== 'string' || endpoint === '') throw new TrailConfigError('endpoint', 'is required');
  let url: URL;
  try {
    url = new URL(endpoint, base);
  } catch {
    throw new TrailConfigError('endpoint', `"${endpoint}" is not a valid URL`);
  }
  const sameOrigin = base !== undefined && url.origin === new URL(base).origin;
  const http = url.protocol === 'http:' || url.protocol === 'https:';
  if (!http) throw new TrailConfigError('endpoint', `"${url.href}" must use http(s)`);
  if (sameOrigin || url.protocol === 'https:' || LOOPBACK.test(url.hostname)) return url;
  throw new TrailConfigError('endpoint', `"${url.href}" must be same-origin, https, or loopback`);
}
