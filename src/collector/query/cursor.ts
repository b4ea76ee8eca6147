import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { HttpError } from '../http/HttpError.js';
import type { LogFilter } from './logFilter.js';
import type { SortKey, SortOrder } from './queryParams.js';

/** What a cursor carries: where the last page ended and which rows the listing may see. */
export interface CursorState {
  readonly sort: SortKey;
  readonly order: SortOrder;
  /** Sort-key values of the last row served: [time, id] or [action, time, id]. */
  readonly after: readonly (string | number)[];
  /** Highest insertion number visible to this listing; later arrivals wait for a new listing. */
  readonly maxSeqno: number;
  /** Fingerprint of the filters, so a cursor is never replayed against different filters. */
  readonly filter: string;
}

// A cursor is short; anything much longer was not made here and is not worth decoding.
const MAX_CURSOR_LENGTH = 512;
// 128 bits of HMAC-SHA256: forging one is out of reach, and the cursor stays short.
const MAC_BYTES = 16;

const int = z
  .number()
  .int()
  .min(-(2 ** 63))
  .max(2 ** 63);
const id = z.uuid();
const cursorShape = z.union([
  z.tuple([z.literal(1), z.literal('time'), z.enum(['asc', 'desc']), z.tuple([int, id]), int, z.string().max(64)]),
  z.tuple([
    z.literal(1),
    z.literal('action'),
    z.enum(['asc', 'desc']),
    z.tuple([int, int, id]),
    int,
    z.string().max(64),
  ]),
]);

/** A short, stable digest of a filter (keys sorted) for cursor binding. */
export function filterFingerprint(filter: LogFilter): string {
  const sorted = Object.fromEntries(Object.entries(filter).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('base64url').slice(0, 16);
}

const mac = (secret: Buffer, body: string): Buffer =>
  createHmac('sha256', secret).update(body).digest().subarray(0, MAC_BYTES);

/**
 * Makes the opaque `cursor` string handed to clients: the state, then an HMAC of it made with
 * the database's cursor secret, so every collector on that database accepts it and no one
 * else can make one.
 */
export function encodeCursor(state: CursorState, secret: Buffer): string {
  const body = Buffer.from(
    JSON.stringify([1, state.sort, state.order, state.after, state.maxSeqno, state.filter]),
  ).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

/** Reads a cursor back; one not made with `secret`, or damaged, is a 400 that says so. */
export function decodeCursor(raw: string, secret: Buffer): CursorState {
  const foreign = () => new HttpError(400, 'cursor: not a cursor returned by this collector; start again without one');
  const [body, tag, extra] = raw.length > MAX_CURSOR_LENGTH ? [] : raw.split('.');
  if (!body || !tag || extra !== undefined) throw foreign();
  const given = Buffer.from(tag, 'base64url');
  if (given.length !== MAC_BYTES || !timingSafeEqual(given, mac(secret, body))) throw foreign();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw foreign();
  }
  const result = cursorShape.safeParse(parsed);
  if (!result.success) throw foreign();
  const [, sort, order, after, maxSeqno, filter] = result.data;
  return { sort, order, after, maxSeqno, filter };
}
