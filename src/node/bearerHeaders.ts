import { TrailConfigError } from '../TrailConfigError.js';

type Headers = Record<string, string>;

/**
 * The request headers of a Node trail: the `headers` option's, plus `Authorization: Bearer
 * <token>` from the `token` option (a string, or a function called at each send, for
 * tokens that rotate). Kept in memory only, never written to the queue's directory.
 */
export function bearerHeaders(
  token: string | (() => string | Promise<string>) | undefined,
  headers: (() => Headers | Promise<Headers>) | undefined,
): (() => Promise<Headers>) | undefined {
  if (token === undefined) return headers && (async () => headers());
  if (typeof token === 'string' ? !/^[\x21-\x7e]+$/.test(token) : typeof token !== 'function')
    throw new TrailConfigError('token', 'must be a bearer token (visible ASCII) or a function returning one');
  return async () => {
    const value = typeof token === 'function' ? await token() : token;
    return { ...(await headers?.()), authorization: `Bearer ${value}` };
  };
}
