// The trail's streams load no Observable library, yet must work with rxjs operators, with
// rxjs `from()` and `firstValueFrom`, and unsubscribe cleanly. Checked against real rxjs.
import { bufferCount, filter, firstValueFrom, from, map, take, takeWhile } from 'rxjs';
import { expect, test, vi } from 'vitest';
import { Broadcast } from '../../src/lib/Broadcast.js';

test('subscribers get values in order; unsubscribing stops them', () => {
  const b = new Broadcast<number>();
  const seen: number[] = [];
  const sub = b.asObservable().subscribe((v) => seen.push(v));
  b.next(1);
  b.next(2);
  sub.unsubscribe();
  b.next(3);
  expect(seen).toEqual([1, 2]);
  expect(b.observed).toBe(false);
});

test('with a latest value, a new subscriber gets it first (status$)', () => {
  const b = new Broadcast<string>({ value: 'opening' });
  b.next('ready');
  const seen: string[] = [];
  b.asObservable().subscribe({ next: (v) => seen.push(v) });
  b.next('sending');
  expect(seen).toEqual(['ready', 'sending']);
});

test('rxjs operators pipe straight onto the stream, and their teardown reaches it', () => {
  const b = new Broadcast<number>();
  const seen: number[][] = [];
  const sub = b
    .asObservable()
    .pipe(
      filter((v) => v % 2 === 0),
      map((v) => v * 10),
      bufferCount(2),
    )
    .subscribe((v) => seen.push(v));
  for (let i = 1; i <= 8; i++) b.next(i);
  expect(seen).toEqual([
    [20, 40],
    [60, 80],
  ]);
  expect(b.observed).toBe(true);
  sub.unsubscribe();
  expect(b.observed).toBe(false);
  b.next(10);
  b.next(12);
  expect(seen).toHaveLength(2);
});

test('take and takeWhile end the subscription at the source', () => {
  const b = new Broadcast<number>();
  const complete = vi.fn();
  const seen: number[] = [];
  b.asObservable()
    .pipe(take(2))
    .subscribe({ next: (v) => seen.push(v), complete });
  b.asObservable()
    .pipe(takeWhile((v) => v < 2))
    .subscribe({ complete });
  b.next(1);
  b.next(2);
  b.next(3);
  expect(seen).toEqual([1, 2]);
  expect(complete).toHaveBeenCalledTimes(2);
  // Both subscribers left the source.
  expect(b.observed).toBe(false);
});

test('rxjs from() and firstValueFrom accept the stream', async () => {
  const b = new Broadcast<string>();
  const first = firstValueFrom(from(b.asObservable()).pipe(filter((v) => v.startsWith('label'))));
  b.next('item.opened');
  b.next('label.added');
  await expect(first).resolves.toBe('label.added');
  // Functions typed for rxjs's own Observable class take the stream through from().
  const direct = firstValueFrom(from(b.asObservable()));
  b.next('x');
  await expect(direct).resolves.toBe('x');
  expect(b.observed).toBe(false);
});

test('a subscriber that throws does not stop the others; the error surfaces on its own task', () => {
  vi.useFakeTimers();
  try {
    const b = new Broadcast<number>();
    const seen: number[] = [];
    b.asObservable().subscribe(() => {
      throw new Error('subscriber bug');
    });
    b.asObservable().subscribe((v) => seen.push(v));
    expect(() => b.next(1)).not.toThrow();
    expect(seen).toEqual([1]);
    expect(() => vi.runAllTimers()).toThrow('subscriber bug');
  } finally {
    vi.useRealTimers();
  }
});

test('complete ends every subscriber, and a late subscriber completes at once', () => {
  const b = new Broadcast<number>();
  const complete = vi.fn();
  b.asObservable()
    .pipe(map((v) => v))
    .subscribe({ complete });
  b.complete();
  b.asObservable().subscribe({ complete });
  expect(complete).toHaveBeenCalledTimes(2);
});
