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

test('a claim is back-dated by its transit on the wall clock, at most a second; never by a page clock', async () => {
  const changes: number[] = [];
  const receiver = new TabClaim(
    'test:skewed',
    'a',
    () => 'ann',
    fail,
    (yielded, at) => yielded && changes.push(at),
  );
  const sender = new BroadcastChannel('test:skewed');
  const claim = async (message: Record<string, unknown>) => {
    const before = performance.now();
    sender.postMessage({ claim: 'b', actor: 'ann', ...message });
    await settle();
    receiver.claim(); // this page counts again, ready to yield to the next claim
    return before;
  };
  try {
    // An older labeltrail's claim: its `timeOrigin + now()`, an hour behind after a system sleep.
    let before = await claim({ at: performance.timeOrigin - 3_600_000 });
    expect(changes.at(-1)).toBeGreaterThanOrEqual(before);
    // Sent an hour ago by the wall clock (a clock set back meanwhile): a second at most.
    before = await claim({ sentAt: Date.now() - 3_600_000 });
    expect(changes.at(-1)).toBeGreaterThanOrEqual(before - 1_000);
    expect(changes.at(-1)).toBeLessThan(before - 900);
    for (const sentAt of [Date.now() + 60_000, Number.NaN, 'soon']) {
      before = await claim({ sentAt });
      expect(changes.at(-1)).toBeGreaterThanOrEqual(before);
    }
    expect(changes).toHaveLength(5);
  } finally {
    sender.close();
    receiver.dispose();
  }
});
