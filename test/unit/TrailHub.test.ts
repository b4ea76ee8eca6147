// The trail's streams are rxjs Observables behind the hub: operators, firstValueFrom and
// combineLatest take them as they are, and a subscriber that throws stops no one else.
import { bufferCount, combineLatest, filter, firstValueFrom, map, Observable, take } from 'rxjs';
import { expect, test, vi } from 'vitest';
import type { TrailEvent } from '../../src/events/schema.js';
import { TrailHub } from '../../src/events/TrailHub.js';

const event = (seq: number) => ({ seq }) as TrailEvent;

test('the streams are rxjs Observables: operators and firstValueFrom take them without from()', async () => {
  const hub = new TrailHub();
  expect(hub.events$).toBeInstanceOf(Observable);
  const seen: number[][] = [];
  const sub = hub.events$
    .pipe(
      map((e) => e.seq),
      filter((s) => s % 2 === 0),
      bufferCount(2),
    )
    .subscribe((v) => seen.push(v));
  const first = firstValueFrom(hub.events$.pipe(take(1)));
  for (let i = 1; i <= 8; i++) hub.event(event(i));
  expect(seen).toEqual([
    [2, 4],
    [6, 8],
  ]);
  expect((await first).seq).toBe(1);
  sub.unsubscribe();
});

test('status$ gives a new subscriber the current status first; combineLatest works on it', () => {
  const hub = new TrailHub();
  hub.set({ queued: 3 });
  const seen: [number, string][] = [];
  combineLatest([hub.status$, hub.errors$]).subscribe(([s, e]) => seen.push([s.queued, e.message]));
  hub.report(new Error('boom'));
  expect(seen).toEqual([[3, 'boom']]);
  expect(hub.status).toMatchObject({ queued: 3, lastError: 'boom', storage: 'opening' });
});

test('an unchanged status is not published again', () => {
  const hub = new TrailHub();
  const next = vi.fn();
  hub.status$.subscribe(next);
  hub.set({ queued: 0, leader: false });
  hub.count('delivered', 0);
  expect(next).toHaveBeenCalledTimes(1);
  hub.count('delivered', 2);
  expect(hub.status.delivered).toBe(2);
  expect(next).toHaveBeenCalledTimes(2);
});

test('a subscriber that throws does not stop the others; the error surfaces on its own task', () => {
  vi.useFakeTimers();
  try {
    const hub = new TrailHub();
    const seen: number[] = [];
    hub.events$.subscribe(() => {
      throw new Error('subscriber bug');
    });
    hub.events$.subscribe((e) => seen.push(e.seq));
    expect(() => hub.event(event(1))).not.toThrow();
    hub.event(event(2));
    expect(seen).toEqual([1, 2]);
    expect(() => vi.runAllTimers()).toThrow('subscriber bug');
  } finally {
    vi.useRealTimers();
  }
});

test('a throwing onError handler does not break reporting', () => {
  const hub = new TrailHub(() => {
    throw new Error('handler bug');
  });
  const errors: Error[] = [];
  hub.errors$.subscribe((e) => errors.push(e));
  expect(() => hub.report(new Error('x'))).not.toThrow();
  expect(errors).toHaveLength(1);
});

test('complete ends every stream, and a late subscriber completes at once', () => {
  const hub = new TrailHub();
  const complete = vi.fn();
  hub.events$.subscribe({ complete });
  hub.status$.subscribe({ complete });
  hub.complete();
  hub.errors$.subscribe({ complete });
  expect(complete).toHaveBeenCalledTimes(3);
});
