import { readFileSync } from 'node:fs';

/**
 * What a token may do. `annotator` and `reviewer` write only their own events; `admin` and
 * `owner` may write for anyone and are the only roles that read logs, stats and exports.
 */
export type CollectorRole = 'annotator' | 'reviewer' | 'admin' | 'owner';

/** One bearer token and the user it stands for. */
export interface CollectorToken {
  readonly token: string;
  /** The user id the token acts as; must equal `actor.id` of the events it writes unless admin/owner. */
  readonly user: string;
  readonly role: CollectorRole;
  /** Team of the user; stamped on their events at ingest so exports can be scoped by team. */
  readonly team?: string;
}

const roles: readonly CollectorRole[] = ['annotator', 'reviewer', 'admin', 'owner'];

function fail(where: string, problem: string): never {
  throw new Error(`Collector tokens (${where}): ${problem}`);
}

function checkTokens(raw: unknown, where: string): CollectorToken[] {
  const list = Array.isArray(raw) ? raw : (raw as { tokens?: unknown } | null)?.tokens;
  if (!Array.isArray(list)) fail(where, 'expected an array of { token, user, role, team? } or { "tokens": [...] }');
  const seen = new Set<string>();
  return list.map((entry: unknown, index) => {
    const { token, user, role, team } = (entry ?? {}) as Record<string, unknown>;
    if (typeof token !== 'string' || token.length < 8)
      fail(where, `[${index}].token must be a string of at least 8 characters`);
    if (seen.has(token)) fail(where, `[${index}].token is listed twice`);
    seen.add(token);
    if (typeof user !== 'string' || user === '') fail(where, `[${index}].user must be a non-empty string`);
    if (!roles.includes(role as CollectorRole))
      fail(where, `[${index}].role must be one of ${roles.join(', ')}, got ${JSON.stringify(role)}`);
    if (team !== undefined && (typeof team !== 'string' || team === ''))
      fail(where, `[${index}].team must be a non-empty string when given`);
    return { token, user, role: role as CollectorRole, ...(team === undefined ? {} : { team: team as string }) };
  });
}

/**
 * Reads token configuration from an array, a JSON file path, or, when `source` is
 * undefined, the `LABELTRAIL_TOKENS` environment variable (JSON text). Returns undefined
 * when none is configured. Throws an Error naming the entry and field that is wrong.
 *
 * @example
 * loadTokens('./tokens.json'); // [{ "token": "…", "user": "alice", "role": "annotator", "team": "red" }]
 */
export function loadTokens(source?: readonly CollectorToken[] | string): CollectorToken[] | undefined {
  if (Array.isArray(source)) return checkTokens(source, 'options');
  if (typeof source === 'string') {
    let text: string;
    try {
      text = readFileSync(source, 'utf8');
    } catch (error) {
      fail(source, `cannot read the file: ${(error as Error).message}`);
    }
    try {
      return checkTokens(JSON.parse(text), source);
    } catch (error) {
      if (error instanceof SyntaxError) fail(source, `not valid JSON: ${error.message}`);
      throw error;
    }
  }
  const env = process.env['LABELTRAIL_TOKENS'];
  if (env === undefined || env.trim() === '') return undefined;
  try {
    return checkTokens(JSON.parse(env), 'LABELTRAIL_TOKENS');
  } catch (error) {
    if (error instanceof SyntaxError) fail('LABELTRAIL_TOKENS', `not valid JSON: ${error.message}`);
    throw error;
  }
}
