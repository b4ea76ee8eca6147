import { expect, test } from 'vitest';
import { eventTypes, isEventType } from '../../src/events/taxonomy.js';

// The action table of the label-log documents, by number.
const ACTION_NUMBERS = [0, 1, 2, 3, 4, 11, 12, 13, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37];

test('every action number of the label log has exactly one event type', () => {
  const codes = Object.values(eventTypes)
    .map((info) => info.code)
    .filter((code) => code !== null);
  expect([...codes].sort((a, b) => a - b)).toEqual(ACTION_NUMBERS);
});

test('the editor-level events of the activity log are covered', () => {
  for (const type of [
    'figure.created',
    'figure.updated',
    'figure.disabled',
    'figure.restored',
    'tag.attached',
    'tag.updated',
    'tag.detached',
    'item.duration',
    'item.review_status',
    'task.skipped',
    'task.updated',
    'task.draft_saved',
  ]) {
    expect(isEventType(type), type).toBe(true);
  }
});

test('types are dot-style and the table cannot be changed at run time', () => {
  for (const type of Object.keys(eventTypes)) expect(type).toMatch(/^[a-z]+\.[a-z_]+$/);
  expect(Object.isFrozen(eventTypes)).toBe(true);
  expect(Object.isFrozen(eventTypes['label.added'])).toBe(true);
  expect(isEventType('label.exploded')).toBe(false);
  expect(isEventType('toString')).toBe(false);
});

test('the task lifecycle types have no action code (the action table has none for them)', () => {
  for (const type of ['task.skipped', 'task.updated', 'task.draft_saved'] as const) {
    expect(eventTypes[type].code, type).toBeNull();
    expect(eventTypes[type].category, type).toBe('task');
  }
});
