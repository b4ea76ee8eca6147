// Drafts alone: a scripted clock, attention and item timer.
import { expect, test } from 'vitest';
import { Drafts } from '../../../src/capture/helpers/Drafts.js';
import type { AttentionListener, AttentionState } from '../../../src/capture/time/Attention.js';

function setup(initial: AttentionState = 'present') {
  let now = 0;
  const editing: string[] = [];
  const listeners = new Set<AttentionListener>();
  const attention = {
    state: initial,
    subscribe(listener: AttentionListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const timer = {
    beginEditing: (key: string) => editing.push(key),
    endEditing: (key: string) => editing.splice(editing.indexOf(key), 1),
  };
  const drafts = new Drafts(timer, attention, () => now);
  const advance = (ms: number) => (now += ms);
  const become = (state: AttentionState, at = now) => {
    attention.state = state;
    for (const listener of listeners) listener(state, at);
  };
  return { drafts, editing, listeners, advance, become };
}

test('a draft counts from its first begin, and tells the item timer an edit is under way', () => {
  const { drafts, editing, advance } = setup();
  drafts.begin('label:a');
  advance(300);
  drafts.begin('label:a'); // a second pointer down of the same drawing
  advance(200);
  expect(editing).toEqual(['label:a']);
  expect(drafts.take('label:a')).toBe(500);
  expect(editing).toEqual([]);
  expect(drafts.take('label:a')).toBeUndefined();
});

test('take falls back to the other key only when its own is not open', () => {
  const { drafts, advance } = setup();
  drafts.begin('label:*');
  advance(100);
  drafts.begin('label:b');
  advance(50);
  expect(drafts.take('label:c')).toBeUndefined();
  expect(drafts.take('label:b', 'label:*')).toBe(50);
  expect(drafts.take('label:c', 'label:*')).toBe(150);
});

test('time away is not counted, and idle is taken back from its last input', () => {
  const { drafts, advance, become } = setup();
  drafts.begin('k');
  advance(1_000);
  become('hidden');
  advance(5_000);
  become('present');
  advance(1_000);
  become('idle', 6_500); // the last input was 500 ms after the return
  advance(60_000);
  expect(drafts.take('k')).toBe(1_500);
});

test('a draft begun while away starts counting on return', () => {
  const { drafts, advance, become } = setup('blurred');
  drafts.begin('k');
  advance(2_000);
  become('present');
  advance(300);
  expect(drafts.take('k')).toBe(300);
});

test('cancel and dispose drop drafts and end their edits', () => {
  const { drafts, editing, listeners } = setup();
  drafts.begin('a');
  drafts.begin('b');
  drafts.cancel('a');
  drafts.cancel('a');
  expect(editing).toEqual(['b']);
  drafts.dispose();
  expect(editing).toEqual([]);
  expect(listeners.size).toBe(0);
  expect(drafts.take('b')).toBeUndefined();
});
