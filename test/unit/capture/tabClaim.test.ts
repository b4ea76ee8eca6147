import { expect, test } from 'vitest';
import { TabClaim } from '../../../src/capture/time/TabClaim.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));
const fail = (error: unknown) => {
  throw error;
};

test('the page with the latest claim counts; the other pages of the actor yield, from the claim’s time', async () => {
  const changes: [string, boolean, number][] = [];
  const make = (page: string, actor: string) =>
    new TabClaim(
      'test:claims',
      page,
      () => actor,
      fail,
      (yielded, at) => changes.push([page, yielded, at]),
    );
  const [a, b, other] = [make('a', 'ann'), make('b', 'ann'), make('c', 'bob')];
  try {
    a.claim();
    await settle();
    const before = performance.now();
    b.claim();
    await settle();
    expect([a.yielded, b.yielded, other.yielded]).toEqual([true, false, false]);
    const yieldedAt = changes.find(([page]) => page === 'a')![2];
    expect(yieldedAt).toBeGreaterThanOrEqual(before - 5); // the claim's own time, not the arrival
    b.claim(); // already the last claimer: sends nothing (a pointermove stream costs no message)
    await settle();
    expect(changes.map(([page, yielded]) => `${page}:${yielded}`)).toEqual(['b:true', 'b:false', 'a:true']);
    a.claim(); // input in a again: a counts, b yields
    await settle();
    expect([a.yielded, b.yielded]).toEqual([false, true]);
    expect(changes.map(([page, yielded]) => `${page}:${yielded}`).slice(3)).toEqual(['a:false', 'b:true']);
  } finally {
    [a, b, other].forEach((claim) => claim.dispose());
  }
});
