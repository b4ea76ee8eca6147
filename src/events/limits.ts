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

/** Payload nesting: detail, not a document; also bounds every recursive walk over it. */
export const MAX_PAYLOAD_DEPTH = 32;

/** Payload size as JSON, in UTF-8 bytes (the database's measure, not `string.length`); refused as `is too large`. */
export const MAX_PAYLOAD_BYTES = 8 * 1024;

/**
 * Durations and every other non-negative measure: one year in ms. Bounded inputs keep the
 * collector's sums finite (a million years of them still fit a double exactly).
 */
export const MAX_MEASURE = 365 * 24 * 60 * 60 * 1000;

/** `time`: 9999-12-31T23:59:59.999Z, the last millisecond `toISOString` writes with a four-digit year. */
export const MAX_TIME_MS = 253_402_300_799_999;

// Printable ASCII, tab, LF and CR: a byte each, and nothing to refuse (the common case).
const PLAIN = /^[\t\n\r\x20-\x7e]*$/;
// Control characters other than tab, LF and CR, and (in a `u` pattern, where a surrogate pair
// is one character) lone surrogates.
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const REFUSED = /[\0-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]/u;

/**
 * UTF-8 bytes of `s`, or -1 when it holds a control character other than tab, LF and CR (NUL
 * included: PostgreSQL text cannot hold it; the others take six bytes in JSON, which would
 * break the row bound above) or a lone surrogate (stored as U+FFFD, so distinct values would
 * collapse into one). Printable ASCII costs one regular-expression test.
 */
export function keyBytes(s: string): number {
  if (PLAIN.test(s)) return s.length;
  return REFUSED.test(s) ? -1 : utf8Length(s);
}

/**
 * `PLAIN.test(s)` for a key-sized string, by hand: track() checks four or five such strings per
 * event, and a loop over a short string costs a fraction of a regular expression's call.
 */
function isPlainShort(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7e || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) return false;
  }
  return true;
}

/** Text that can be a key: 1–256 UTF-8 bytes, no control character but tab, LF and CR, well formed. */
export function isKeyText(v: unknown): v is string {
  // The length first: a megabyte string is refused without a pass over it.
  if (typeof v !== 'string' || v.length > MAX_ID_BYTES) return false;
  if (isPlainShort(v)) return v.length > 0;
  const bytes = keyBytes(v);
  return bytes > 0 && bytes <= MAX_ID_BYTES;
}

/** Why text is refused as a key; short, since the browser carries it (the README says the rest). */
export const KEY_TEXT_PROBLEM = `must be 1 to ${MAX_ID_BYTES} bytes of text`;

// Whether a payload value nests deeper than the limit; the walk stops there, so a cyclic or
// 5000-deep value costs 32 levels. Strings inside a payload may hold any character, NUL
// included: the payload is stored as JSON text, which escapes it (`\u0000`).
function tooDeep(value: unknown, depth: number): boolean {
  if (!value || typeof value !== 'object') return false;
  if (depth > MAX_PAYLOAD_DEPTH) return true;
  for (const key in value) if (tooDeep((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

/** Why a payload object is refused (nesting, size as JSON in UTF-8 bytes, not JSON), or undefined. Never throws. */
export function payloadProblem(payload: object): string | undefined {
  try {
    if (tooDeep(payload, 1)) return `nests over ${MAX_PAYLOAD_DEPTH} levels`;
    // JSON text escapes every control character and lone surrogate, so keyBytes counts it all.
    return keyBytes(JSON.stringify(payload)) > MAX_PAYLOAD_BYTES ? 'is too large' : undefined;
  } catch {
    return 'is not serialisable as JSON';
  }
}

/**
 * Event type names: dot-style, lower-case, at least two parts (`project.exported`). The
 * length keeps a name readable in a filter list and small in every stored row.
 */
export const MAX_TYPE_LENGTH = 64;
export const TYPE_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
export const isTypeName = (v: unknown): v is string =>
  typeof v === 'string' && v.length <= MAX_TYPE_LENGTH && TYPE_NAME.test(v);
export const TYPE_NAME_PROBLEM = `must be a dot-style lower-case name of at most ${MAX_TYPE_LENGTH} characters`;

/** Categories: one lower-case word (`project`, `api_key`), short enough for a filter's label. */
export const MAX_CATEGORY_LENGTH = 32;
export const CATEGORY_NAME = /^[a-z][a-z0-9_]*$/;
export const isCategoryName = (v: unknown): v is string =>
  typeof v === 'string' && v.length <= MAX_CATEGORY_LENGTH && CATEGORY_NAME.test(v);
export const CATEGORY_PROBLEM = `must be a lower-case word (a-z, 0-9, _) of at most ${MAX_CATEGORY_LENGTH} characters`;
