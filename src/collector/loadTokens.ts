import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { isKeyText, KEY_TEXT_PROBLEM } from '../events/limits.js';

/**
 * What a token may do. `annotator` and `reviewer` write only their own events; `admin` and
 * `owner` may write for anyone and are the only roles that read logs, stats and exports;
 * `metrics` reads `GET /metrics` and nothing else (for a Prometheus scraper).
 */
export type CollectorRole = 'annotator' | 'reviewer' | 'admin' | 'owner' | 'metrics';

/** One bearer token and the user it stands for. */
export interface CollectorToken {
  readonly token: string;
  /** The user id the token acts as; must equal `actor.id` of the events it writes unless admin/owner. */
  readonly user: string;
  readonly role: CollectorRole;
  /** Team of the user; stamped on their events at ingest so exports can be scoped by team. */
  readonly team?: string;
}

const roles = ['annotator', 'reviewer', 'admin', 'owner', 'metrics'] as const satisfies readonly CollectorRole[];

// A user and a team end up in event columns and the rollup group key: the envelope's key limits.
const keyText = z.string().refine(isKeyText, { error: KEY_TEXT_PROBLEM });
// Other keys (a note, a name) are ignored, as they always were.
const tokenEntry = z.object({
  token: z
    .string({ error: 'must be a string' })
    .min(8, { error: 'must be a string of at least 8 characters' })
    .max(1024),
  user: keyText,
  role: z.enum(roles, { error: `must be one of ${roles.join(', ')}` }),
  team: z.optional(keyText),
});
const tokenList = z.union([z.array(z.unknown()), z.object({ tokens: z.array(z.unknown()) })], {
  error: 'expected an array of { token, user, role, team? } or { "tokens": [...] }',
});

function fail(where: string, problem: string): never {
  throw new Error(`Collector tokens (${where}): ${problem}`);
}

function checkTokens(raw: unknown, where: string): CollectorToken[] {
  const parsed = tokenList.safeParse(raw);
  if (!parsed.success) fail(where, parsed.error.issues[0]!.message);
  const list = Array.isArray(parsed.data) ? parsed.data : parsed.data.tokens;
  const seen = new Set<string>();
  return list.map((entry, index) => {
    const result = tokenEntry.safeParse(entry);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const field = issue.path.length > 0 ? `.${issue.path.join('.')}` : '';
      fail(where, `[${index}]${field} ${issue.message}`);
    }
    const { token, user, role, team } = result.data;
    if (seen.has(token)) fail(where, `[${index}].token is listed twice`);
    seen.add(token);
    return { token, user, role, ...(team === undefined ? {} : { team }) };
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
