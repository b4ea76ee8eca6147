import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { CollectorToken } from '../loadTokens.js';
import { HttpError } from './HttpError.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const challenge = { 'www-authenticate': 'Bearer realm="labeltrail"' };
// Bounded, so a megabyte header is refused before it is hashed.
const BEARER = /^Bearer\s+(\S{1,1024})\s*$/i;

/** Bearer-token checks: who a request is (401 otherwise), and whether it may read (403 otherwise). */
export interface Auth {
  authenticate(req: IncomingMessage): CollectorToken;
  /** Logs, stats and exports: owner and admin tokens. */
  requireReader(token: CollectorToken): void;
  /** Writing events: every role but `metrics`. */
  requireWriter(token: CollectorToken): void;
  /** `GET /metrics`: owner, admin and `metrics` tokens. */
  requireMetricsReader(token: CollectorToken): void;
}

/** Auth over a token list, looked up by digest: the comparison time does not depend on how much matched. */
export function createAuth(tokens: readonly CollectorToken[]): Auth {
  const byHash = new Map(tokens.map((entry) => [sha256(entry.token), entry]));
  return {
    authenticate(req) {
      const header = req.headers.authorization;
      if (!header)
        throw new HttpError(401, 'missing Authorization header; send "Authorization: Bearer <token>"', challenge);
      const token = BEARER.exec(header)?.[1];
      if (!token) throw new HttpError(401, 'Authorization header must be "Bearer <token>"', challenge);
      const entry = byHash.get(sha256(token));
      if (!entry) throw new HttpError(401, 'unknown token', challenge);
      return entry;
    },
    requireReader(token) {
      if (token.role === 'owner' || token.role === 'admin') return;
      throw new HttpError(
        403,
        `a ${token.role} token may not read logs, stats or exports; only owner and admin tokens may`,
      );
    },
    requireWriter(token) {
      if (token.role === 'metrics') throw new HttpError(403, 'a metrics token may only read /metrics');
    },
    requireMetricsReader(token) {
      if (token.role === 'owner' || token.role === 'admin' || token.role === 'metrics') return;
      throw new HttpError(403, `a ${token.role} token may not read /metrics; owner, admin and metrics tokens may`);
    },
  };
}
