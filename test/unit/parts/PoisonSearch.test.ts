import { expect, test } from 'vitest';
import { PoisonSearch } from '../../../src/delivery/PoisonSearch.js';
import type { TrailEvent } from '../../../src/events/schema.js';

const ev = (id: string) => ({ id }) as TrailEvent;
const batch = (...ids: string[]) => ids.map(ev);

test('the same batch failing three times in a row is halved, down to one event', () => {
  const search = new PoisonSearch();
  const all = batch('a', 'b', 'c', 'd', 'e');
  expect(search.failed(all)).toBe(false);
  expect(search.failed(all)).toBe(false);
  expect(search.cap).toBe(Infinity);
  search.failed(all);
  expect(search.cap).toBe(2);
  for (let i = 0; i < 3; i++) search.failed(all.slice(0, 2));
  expect(search.cap).toBe(1);
  search.failed(all.slice(0, 1));
  expect(search.suspect).toBe('a');
  expect(search.cap).toBe(Infinity);
});

test('a batch that grows while it fails is still the same batch (same first event)', () => {
  const search = new PoisonSearch();
  search.failed(batch('a', 'b'));
  search.failed(batch('a', 'b', 'c'));
  search.failed(batch('a', 'b', 'c', 'd'));
  expect(search.cap).toBe(2);
});

test('a suspect is parked after five lone failures, each after a 2xx for another batch', () => {
  const search = new PoisonSearch();
  search.failed(batch('p'));
  expect(search.suspect).toBe('p');
  for (let i = 0; i < 3; i++) {
    search.succeeded(batch(`x${i}`));
    expect(search.suspectDue).toBe(true);
    expect(search.failed(batch('p'))).toBe(false);
  }
  search.succeeded(batch('y'));
  expect(search.failed(batch('p'))).toBe(true);
});

test('without a 2xx in between (an outage), lone failures never park', () => {
  const search = new PoisonSearch();
  for (let i = 0; i < 50; i++) expect(search.failed(batch('p'))).toBe(false);
  expect(search.suspectDue).toBe(false);
});

test('a suspect delivered after all is cleared; a delivered halved head restores full batches', () => {
  const search = new PoisonSearch();
  const all = batch('a', 'b', 'c', 'd');
  for (let i = 0; i < 3; i++) search.failed(all);
  expect(search.cap).toBe(2);
  search.succeeded(all.slice(0, 2));
  expect(search.cap).toBe(Infinity);
  search.failed(batch('p'));
  search.succeeded(batch('p'));
  expect(search.suspect).toBeUndefined();
});
