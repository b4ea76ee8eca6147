import { expect, test } from 'vitest';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from '../../src/lib/backoff.js';

test('backoff doubles from the base, is capped, and jitters within the upper half', () => {
  expect(backoffDelay(1, 1000, 60_000, () => 0)).toBe(500);
  expect(backoffDelay(1, 1000, 60_000, () => 1)).toBe(1000);
  expect(backoffDelay(4, 1000, 60_000, () => 1)).toBe(8000);
  expect(backoffDelay(30, 1000, 60_000, () => 1)).toBe(60_000);
  expect(backoffDelay(30, 1000, 60_000, () => 0)).toBe(30_000);
});

test('Retry-After is read as seconds or as an HTTP date', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  expect(parseRetryAfter('3', now)).toBe(3000);
  expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
  expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
  expect(parseRetryAfter('soon', now)).toBeUndefined();
  expect(parseRetryAfter(null, now)).toBeUndefined();
});

test('network-ish statuses are retried, other client errors are not', () => {
  for (const status of [408, 429, 500, 502, 503, 504]) expect(isRetryableStatus(status), String(status)).toBe(true);
  for (const status of [400, 401, 403, 404, 413, 415, 422])
    expect(isRetryableStatus(status), String(status)).toBe(false);
});
