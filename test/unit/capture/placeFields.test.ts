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

// The rule as spreads state it, the way the helpers first built their fields: the field-by-field
// builder must give the same objects, key order included, for any mix of given and missing fields.
function byspread(
  openContext: Record<string, unknown> | undefined,
  action: Record<string, any> | undefined,
  extra?: Record<string, unknown>,
) {
  const drop = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const context = drop({
    ...openContext,
    ...action?.context,
    item: action?.item ?? action?.context?.item ?? openContext?.item,
    frame: action?.frame ?? action?.context?.frame,
    branch: action?.branch ?? action?.context?.branch,
    workflowStage: action?.workflowStage ?? action?.context?.workflowStage,
  });
  const payload = { ...extra, ...action?.payload };
  return drop({ context, payload: Object.keys(payload).length > 0 ? payload : undefined });
}

test('builds the same fields as the spread rule on random places', () => {
  const pick = <T>(i: number, values: readonly T[]): T => values[i % values.length]!;
  const maybe = (seed: number, value: unknown) => (seed % 3 === 0 ? undefined : value);
  for (let i = 0; i < 2000; i++) {
    const s = (n: number) => Math.floor(i / n) + n * i;
    const openContext = pick(s(1), [undefined, { item: 'img-1', project: 'p', frame: 3 }, { branch: 'b-0' }]);
    const action =
      s(2) % 5 === 0
        ? undefined
        : {
            item: maybe(s(3), 'img-2'),
            frame: maybe(s(4), 9),
            branch: maybe(s(5), 'b-1'),
            workflowStage: maybe(s(6), 'qa'),
            context: pick(s(7), [undefined, { item: 'img-3', frame: 1, task: 't', project: undefined }, {}]),
            payload: pick(s(8), [undefined, {}, { a: 1 }, { a: undefined }]),
          };
    const extra = pick(s(9), [undefined, {}, { comment: 'x' }]);
    const built = placeFields(openContext as any, action as any, extra);
    const expected = byspread(openContext, action, extra);
    expect(built).toStrictEqual(expected);
    expect(Object.keys(built.context ?? {})).toEqual(Object.keys((expected as any).context));
  }
});
