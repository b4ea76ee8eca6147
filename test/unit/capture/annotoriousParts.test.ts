// The Annotorious adapter's pure parts, alone.
import { expect, test } from 'vitest';
import { changedPart } from '../../../src/capture/annotorious/changedPart.js';
import { describeByBody } from '../../../src/capture/annotorious/describeByBody.js';

test('an update changed the shape, the bodies, or both; nothing changed counts as the shape', () => {
  const box = { target: { x: 1 }, bodies: [{ value: 'car' }] };
  expect(changedPart({ ...box, target: { x: 2 } }, box)).toBe('target');
  expect(changedPart({ ...box, bodies: [{ value: 'bus' }] }, box)).toBe('bodies');
  expect(changedPart({ target: { x: 2 }, bodies: [] }, box)).toBe('both');
  expect(changedPart(box, box)).toBe('target');
});

test('name and feature come from the classifying body, else the first tag; a feature property wins', () => {
  const tag = { purpose: 'tagging', value: 'tag' };
  const cls = { purpose: 'classifying', value: 'car' };
  expect(describeByBody({ id: 'a', bodies: [tag, cls] })).toEqual({ feature: 'car', name: 'car' });
  expect(describeByBody({ id: 'a', bodies: [tag] })).toEqual({ feature: 'tag', name: 'tag' });
  expect(describeByBody({ id: 'a', bodies: [cls], properties: { feature: 'f-1' } })).toEqual({
    feature: 'f-1',
    name: 'car',
  });
  expect(describeByBody({ id: 'a' })).toEqual({});
});
