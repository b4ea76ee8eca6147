import * as z from 'zod';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../defaults.js';
import { HttpError } from '../http/HttpError.js';

// The range of a JavaScript Date: every bound inside it has an ISO form, so none can throw.
const MAX_DATE_MS = 8.64e15;

const epochMs = z
  .string()
  .regex(/^-?\d{1,16}$/)
  .transform(Number);
const isoTime = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((text) => Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text));
const timeValue = z.union([epochMs, isoTime]).pipe(z.number().int().min(-MAX_DATE_MS).max(MAX_DATE_MS));

// A value quoted back in an error message, cut so the message stays short.
const quoted = (raw: string): string => JSON.stringify(raw.length > 64 ? `${raw.slice(0, 64)}…` : raw);

/**
 * Epoch milliseconds (decimal digits) or an ISO 8601 date (`2026-12-01`) or date-time with a
 * zone (`2026-12-01T08:00:00Z`, `…+01:00`); nothing else, and nothing outside a Date's range.
 */
export function timeParam(params: URLSearchParams, name: string, required: boolean): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw.trim() === '') {
    if (required) throw new HttpError(400, `${name} is required (epoch milliseconds or an ISO 8601 date-time)`);
    return undefined;
  }
  const result = timeValue.safeParse(raw.trim());
  if (!result.success) {
    throw new HttpError(400, `${name} must be epoch milliseconds or an ISO 8601 date-time, got ${quoted(raw)}`);
  }
  return result.data;
}

/** Sort key of a page: by event time, or by action number (then time). */
export type SortKey = 'time' | 'action';
export type SortOrder = 'asc' | 'desc';

/** Sort, order, page size and cursor of a listing. */
export interface PageParams {
  readonly sort: SortKey;
  readonly order: SortOrder;
  readonly limit: number;
  readonly cursor?: string;
}

const sortValue = z.enum(['time', 'action']);
const orderValue = z.enum(['asc', 'desc']);
const limitValue = z
  .string()
  .regex(/^\d{1,4}$/)
  .transform(Number)
  .pipe(z.number().min(1).max(MAX_PAGE_LIMIT));

/** `sort`, `order`, `limit` (a decimal integer 1–1000) and `cursor` of a listing; a 400 naming a wrong value. */
export function pageParams(params: URLSearchParams): PageParams {
  const sort = sortValue.safeParse(params.get('sort') ?? 'time');
  if (!sort.success) throw new HttpError(400, `sort must be "time" or "action", got ${quoted(params.get('sort')!)}`);
  const order = orderValue.safeParse(params.get('order') ?? 'desc');
  if (!order.success) throw new HttpError(400, `order must be "asc" or "desc", got ${quoted(params.get('order')!)}`);
  const rawLimit = params.get('limit');
  const limit = rawLimit === null ? undefined : limitValue.safeParse(rawLimit);
  if (limit && !limit.success) {
    throw new HttpError(400, `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}, got ${quoted(rawLimit!)}`);
  }
  const cursor = params.get('cursor') ?? undefined;
  return {
    sort: sort.data,
    order: order.data,
    limit: limit?.data ?? DEFAULT_PAGE_LIMIT,
    ...(cursor ? { cursor } : {}),
  };
}

// A whole-hour offset (the rollups are hourly, so each hour lies in one local day): Z, UTC,
// ±H, ±HH or ±HH:00, from -12 to +14 hours.
const TZ = /^(?:Z|UTC|([+-])(\d{1,2})(?::?00)?)$/;
const HOUR_MS = 3_600_000;

/** `tz` of `/v1/stats`: the offset, in ms, whose days the per-day figures use; UTC when absent. */
export function tzParam(params: URLSearchParams): number {
  // An unencoded '+' arrives as a space.
  const raw = params.get('tz')?.replace(/^ /, '+');
  if (raw === undefined || raw === '') return 0;
  const match = TZ.exec(raw);
  const hours = match?.[1] ? Number(match[2]) * (match[1] === '-' ? -1 : 1) : match ? 0 : NaN;
  if (!(hours >= -12 && hours <= 14))
    throw new HttpError(
      400,
      `tz must be a whole-hour UTC offset from -12:00 to +14:00 (Z, +02, -05:00), got ${quoted(raw)}`,
    );
  return hours * HOUR_MS;
}
