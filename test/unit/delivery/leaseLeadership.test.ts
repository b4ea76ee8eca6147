import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { leaseLeadership } from '../../../src/delivery/leaseLeadership.js';

const NAME = 'labeltrail:deliver:test';
const LEASE_MS = 5_000;
const RENEW_MS = 1_000;
const SETTLE_MS = 100;

const stops: (() => void)[] = [];
function lease(storage: Storage = localStorage) {
  const changes: boolean[] = [];
  const stop = leaseLeadership(NAME, (leader) => changes.push(leader), {
    storage,
    leaseMs: LEASE_MS,
    renewMs: RENEW_MS,
    settleMs: SETTLE_MS,
  });
  stops.push(stop);
  return { changes, stop, leads: () => changes.at(-1) === true };
}

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
});
afterEach(() => {
  stops.splice(0).forEach((stop) => stop());
  vi.useRealTimers();
});

test('the first tab leads once its claim has settled; the others wait', () => {
  const a = lease();
  const b = lease();
  expect(a.changes).toEqual([]);
  vi.advanceTimersByTime(SETTLE_MS);
  expect([a.leads(), b.leads()]).toEqual([true, false]);
  vi.advanceTimersByTime(10 * LEASE_MS);
  expect(a.changes).toEqual([true]);
  expect(b.changes).toEqual([]);
});

test('two claims at once: the one written last leads, the other steps back', () => {
  const a = lease();
  // Another tab's claim, written just after this one's (in another process).
  localStorage.setItem(NAME, JSON.stringify({ owner: 'other', expires: Date.now() + LEASE_MS }));
  vi.advanceTimersByTime(10 * SETTLE_MS);
  expect(a.changes).toEqual([]);
});

test('a leader that stops frees the lease: another leads within a renewal', () => {
  const a = lease();
  const b = lease();
  vi.advanceTimersByTime(SETTLE_MS);
  a.stop();
  expect(a.changes).toEqual([true, false]);
  expect(localStorage.getItem(NAME)).toBeNull();
  vi.advanceTimersByTime(RENEW_MS + SETTLE_MS);
  expect(b.leads()).toBe(true);
});

test('a leader that stops renewing (a crashed tab) is replaced once its lease has run out, not before', () => {
  localStorage.setItem(NAME, JSON.stringify({ owner: 'crashed', expires: Date.now() + LEASE_MS }));
  const b = lease();
  vi.advanceTimersByTime(LEASE_MS - RENEW_MS);
  expect(b.leads()).toBe(false);
  vi.advanceTimersByTime(2 * RENEW_MS + SETTLE_MS);
  expect(b.leads()).toBe(true);
});

test('a lease that ends further ahead than one term (the clock went back) is free', () => {
  localStorage.setItem(NAME, JSON.stringify({ owner: 'future', expires: Date.now() + 10 * LEASE_MS }));
  const b = lease();
  vi.advanceTimersByTime(SETTLE_MS);
  expect(b.leads()).toBe(true);
});

test('storage that cannot be written: the tab delivers on its own, nothing is thrown', () => {
  const full = {
    getItem: () => null,
    setItem: () => {
      throw new DOMException('full', 'QuotaExceededError');
    },
    removeItem: () => undefined,
  } as unknown as Storage;
  const a = lease(full);
  expect(a.changes).toEqual([true]);
});
