import { expect, test } from 'vitest';
import { uuidv7 } from '../../src/lib/uuidv7.js';

test('ids are RFC 9562 version 7 with the given millisecond', () => {
  const id = uuidv7(0x0190_1234_5678);
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(id.replace(/-/g, '').slice(0, 12)).toBe('019012345678');
});

test('ids made in order sort in order, also within one millisecond, and never repeat', () => {
  const ids = Array.from({ length: 20_000 }, (_, i) => uuidv7(1_700_000_000_000 + Math.floor(i / 5000)));
  expect([...ids].sort()).toEqual(ids);
  expect(new Set(ids).size).toBe(ids.length);
});
