import { RETRY_AFTER_MAX_MS } from '../defaults.js';

/**
 * Delay before retry number `attempt` (1-based): exponential from `baseMs`, capped at
 * `maxMs`, with "full jitter" so that many clients recovering from one outage spread out.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Milliseconds a `Retry-After` header asks to wait (delta-seconds or an HTTP date), at most
 * `maxMs`, or undefined when it is absent or unreadable (RFC 9110 §10.2.3).
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
  maxMs = RETRY_AFTER_MAX_MS,
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const date = /^\d+$/.test(trimmed) ? now + Number(trimmed) * 1000 : Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.min(maxMs, Math.max(0, date - now));
}

/** Statuses worth sending again: timeouts, throttling and server faults. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
