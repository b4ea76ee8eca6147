// The envelope's limits: one definition that the browser's checks (lib/checks.ts), the zod
// schema (schema.ts) and through them the collector all derive from, so whatever the browser
// accepts the collector can store. Plain code: the browser loads this file.
import { utf8Length } from '../lib/utf8Length.js';

/**
 * Ids, context values, label fields and `actor.id`, in UTF-8 bytes. The widest index row is
 * the rollup group key, four such values (actor, project, dataset, team) as JSON text: with
 * control characters other than tab, LF and CR refused, escaping at most doubles a value, so 4 × (2 × 256 + 2) + 9 =
 * 2,065 bytes, under btree's 2,704.
 */
export const MAX_ID_BYTES = 256;

/** `actor.email`: RFC 5321's longest forward path (254 characters; the address syntax is ASCII). */
export const MAX_EMAIL_LENGTH = 254;

/** Payload nesting: detail, not a document; also bounds every recursive walk over it. */
export const MAX_PAYLOAD_DEPTH = 32;

/** Payload size as JSON, in UTF-8 bytes (the database's measure, not `string.length`). */
export const MAX_PAYLOAD_BYTES = 8 * 1024;

/**
 * Durations and every other non-negative measure: one year in ms. Bounded inputs keep the
 * collector's sums finite (a million years of them still fit a double exactly).
 */
export const MAX_MEASURE = 365 * 24 * 60 * 60 * 1000;

/** `time`: 9999-12-31T23:59:59.999Z, the last millisecond `toISOString` writes with a four-digit year. */
export const MAX_TIME_MS = 253_402_300_799_999;

// A control character other than tab, LF and CR (NUL included: PostgreSQL text cannot hold
// it; the others are escaped as six bytes in JSON, which would break the row bound above), or
// a lone surrogate (stored as U+FFFD, so distinct values would collapse into one).
const NOT_KEY_TEXT =
  // eslint-disable-next-line no-control-regex -- control characters are what it finds
  /[\0-\x08\x0b\x0c\x0e-\x1f]|[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;

/** Text that can be a key: 1–256 UTF-8 bytes, no control character but tab, LF and CR, well formed. */
export const isKeyText = (v: unknown): v is string =>
  typeof v === 'string' &&
  v.length >= 1 &&
  v.length <= MAX_ID_BYTES &&
  !NOT_KEY_TEXT.test(v) &&
  utf8Length(v) <= MAX_ID_BYTES;

export const KEY_TEXT_PROBLEM =
  `must be 1 to ${MAX_ID_BYTES} UTF-8 bytes of text, ` +
  'without lone surrogates or control characters other than tab, LF and CR';

// First problem of a payload's nesting or strings, walking no deeper than the limit.
function nestingProblem(value: unknown, depth: number): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? 'must not hold NUL characters' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth > MAX_PAYLOAD_DEPTH) return `must not nest deeper than ${MAX_PAYLOAD_DEPTH} levels`;
  for (const key in value) {
    const problem = key.includes('\0')
      ? 'must not hold NUL characters'
      : nestingProblem((value as Record<string, unknown>)[key], depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/** Why a payload object is refused (nesting, NUL, size as JSON in UTF-8 bytes), or undefined. Never throws. */
export function payloadProblem(payload: object): string | undefined {
  try {
    const problem = nestingProblem(payload, 1);
    if (problem) return problem;
    const bytes = utf8Length(JSON.stringify(payload));
    return bytes > MAX_PAYLOAD_BYTES ? `is ${bytes} bytes of JSON, more than ${MAX_PAYLOAD_BYTES}` : undefined;
  } catch {
    return 'must be readable and serialisable as JSON';
  }
}
