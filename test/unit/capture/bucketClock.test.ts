import { expect, test } from 'vitest';
import { BucketClock } from '../../../src/capture/time/BucketClock.js';

test('every millisecond goes to the bucket in force, and totals sum to the time open', () => {
  const clock = new BucketClock('active', 0);
  clock.set('hidden', 1_000);
  clock.set('active', 3_000);
  clock.set('blurred', 3_500);
  clock.stop(4_000);
  expect(clock.totals(9_999)).toEqual({ active: 1_500, hidden: 2_000, blurred: 500, idle: 0, stalled: 0 });
});

test('time known late moves between buckets: idle takes active and stalled, never hidden', () => {
  const clock = new BucketClock('active', 0);
  clock.set('stalled', 2_000);
  clock.set('active', 3_000);
  clock.set('hidden', 4_000);
  clock.set('active', 5_000);
  // Idle since the last input at 1 000, found at 7 000.
  clock.reclassify(1_000, undefined, 'idle', ['active', 'stalled']);
  expect(clock.bucket).toBe('idle');
  expect(clock.totals(7_000)).toEqual({ active: 1_000, stalled: 0, hidden: 1_000, idle: 5_000, blurred: 0 });
});

test('a stall found late (closed range) turns only active time into stalled time', () => {
  const clock = new BucketClock('active', 0);
  clock.set('blurred', 500);
  clock.set('active', 800);
  clock.reclassify(300, 1_200, 'stalled', ['active']);
  clock.stop(2_000);
  expect(clock.totals(2_000)).toEqual({ active: 1_100, blurred: 300, stalled: 600, idle: 0, hidden: 0 });
});

test('long visits fold old segments but keep the totals exact', () => {
  const clock = new BucketClock('active', 0, { active: 10, stalled: 0, idle: 0, hidden: 5, blurred: 0 });
  for (let i = 1; i <= 500; i++) clock.set(i % 2 ? 'hidden' : 'active', i * 10);
  clock.stop(5_010);
  expect(clock.totals(5_010)).toEqual({ active: 10 + 2_510, hidden: 5 + 2_500, stalled: 0, idle: 0, blurred: 0 });
});
