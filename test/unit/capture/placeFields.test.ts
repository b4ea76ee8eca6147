import { expect, test } from 'vitest';
import { labelRef, placeFields } from '../../../src/capture/helpers/placeFields.js';

const open = { item: 'img-1', project: 'p-1' };

test('the open item is the default place; the payload is left out when empty', () => {
  expect(placeFields(open, undefined)).toEqual({ context: open });
  expect(placeFields(undefined, {})).toEqual({ context: {} });
});

test("the action's flat fields win over its context, which wins over the open item's", () => {
  const fields = placeFields(open, {
    item: 'img-2',
    branch: 'b-1',
    context: { item: 'img-9', frame: 7, project: 'p-2', workflowStage: 'review' },
  });
  expect(fields).toEqual({
    context: { item: 'img-2', frame: 7, project: 'p-2', branch: 'b-1', workflowStage: 'review' },
  });
  expect(placeFields(open, { context: { item: 'img-9' } }).context?.item).toBe('img-9');
});

test("the action's payload wins over the helper's extra fields", () => {
  const fields = placeFields(undefined, { payload: { status: 'mine', note: 'n' } }, { status: 'given', tag: 't' });
  expect(fields.payload).toEqual({ status: 'mine', tag: 't', note: 'n' });
});

test('a label reference carries only the fields given', () => {
  expect(labelRef({ id: 'a', name: 'Car', item: 'img-1' })).toEqual({ id: 'a', name: 'Car' });
  expect(labelRef({ id: 'a', feature: 'f', name: 'Car' })).toEqual({ id: 'a', feature: 'f', name: 'Car' });
});
