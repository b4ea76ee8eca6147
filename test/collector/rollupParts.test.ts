// The parts of a stats query from the rollups that decide what it reads, alone.
import { expect, test } from 'vitest';
import { ROLLUP_BUCKET_MS as HOUR } from '../../src/collector/defaults.js';
import { groupWhere, rollupsAnswer } from '../../src/collector/query/rollups/groupWhere.js';
import { bucketOf, edgeHours } from '../../src/collector/query/rollups/hours.js';
import { SqlParams } from '../../src/collector/query/whereClause.js';

const T = 1_760_000_000_000 - (1_760_000_000_000 % HOUR);

test('the rollups answer the time range and the scopes a group carries, nothing else', () => {
  expect(rollupsAnswer({})).toBe(true);
  expect(rollupsAnswer({ start: 1, end: 2, actors: ['a'], projects: ['p'], datasets: ['d'], teams: ['t'] })).toBe(true);
  expect(rollupsAnswer({ start: 1, types: undefined })).toBe(true);
  expect(rollupsAnswer({ types: ['label.added'] })).toBe(false);
  expect(rollupsAnswer({ items: ['img-1'] })).toBe(false);
});

test('the group condition lists each scope asked for, under the alias given', () => {
  const params = new SqlParams();
  const where = groupWhere({ actors: ['a', 'b'], teams: ['t'], start: 5 });
  expect(where(params)).toBe('g.actor_id = ANY($1::text[]) AND g.team = ANY($2::text[])');
  expect(where(params, 'e')).toBe('e.actor_id = ANY($3::text[]) AND e.team = ANY($4::text[])');
  expect(params.values).toEqual([['a', 'b'], ['t'], ['a', 'b'], ['t']]);
  expect(groupWhere({})(params)).toBe('true');
});

test('only bounds inside an hour cut it, and an hour cut twice is listed once', () => {
  expect(bucketOf(T + 1)).toBe(T);
  expect(bucketOf(T - 1)).toBe(T - HOUR);
  expect(edgeHours(undefined, undefined)).toEqual([]);
  expect(edgeHours(T, T + 2 * HOUR)).toEqual([]);
  expect(edgeHours(T + 5, T + 3 * HOUR + 7)).toEqual([T, T + 3 * HOUR]);
  expect(edgeHours(T + 5, T + 9)).toEqual([T]);
  expect(edgeHours(undefined, T - 1)).toEqual([T - HOUR]);
});
