import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { InputIdle } from '../../../src/capture/time/InputIdle.js';

const IDLE_MS = 1_000;
let idle: InputIdle;
let claims: string[];
let changes: [boolean, number][];

beforeEach(() => {
  vi.useFakeTimers();
  claims = [];
  changes = [];
  const onError = (error: unknown) => {
    throw error;
  };
  idle = new InputIdle(
    window,
    IDLE_MS,
    onError,
    (now, at) => changes.push([now, at]),
    () => claims.push('claim'),
  );
});
afterEach(() => {
  idle.dispose();
  vi.useRealTimers();
});

const input = (type: string) => window.dispatchEvent(new Event(type));

test('pointer moves, the wheel and releases end idle but claim nothing; a press or a key claims', () => {
  vi.advanceTimersByTime(IDLE_MS);
  expect(idle.idle).toBe(true);
  for (const type of ['pointermove', 'mousemove', 'wheel', 'pointerup', 'keyup', 'touchmove']) input(type);
  expect(idle.idle).toBe(false);
  expect(claims).toEqual([]);
  input('pointerdown');
  input('keydown');
  expect(claims).toEqual(['claim', 'claim']);
});

test('a press never released and held still goes idle from the press', () => {
  vi.advanceTimersByTime(300);
  input('pointerdown');
  const pressedAt = idle.lastInput;
  vi.advanceTimersByTime(IDLE_MS + 10);
  expect(idle.idle).toBe(true);
  expect(changes.at(-1)).toEqual([true, pressedAt]);
});
