import { expect, test } from 'vitest';
import { EnvelopeBuilder } from '../../../src/events/EnvelopeBuilder.js';
import { TrailInputError } from '../../../src/events/TrailInputError.js';

test('numbers accepted events without gaps: a refusal consumes no seq', () => {
  const b = new EnvelopeBuilder({ id: 'u-1' }, { project: 'p' }, 100);
  const first = b.build('label.added', undefined);
  expect(b.build('label.added', { context: { frame: -1 } })).toBeInstanceOf(TrailInputError);
  const second = b.build('label.added', undefined);
  expect([first, second]).toMatchObject([
    { seq: 0, session: b.session },
    { seq: 1, session: b.session },
  ]);
});

test('5: the payload limit counts UTF-8 bytes', () => {
  const b = new EnvelopeBuilder({ id: 'u-1' }, {}, 100);
  // 40 characters, 120 bytes: over a 100-byte limit that `string.length` would call 42.
  const refused = b.build('label.added', { payload: { n: '車'.repeat(40) } });
  expect(refused).toMatchObject({ field: 'payload', problem: 'is 128 bytes, more than 100' });
  expect(b.build('label.added', { payload: { n: 'a'.repeat(40) } })).not.toBeInstanceOf(TrailInputError);
});

test('a bad actor or context is returned as the reason and the previous one kept', () => {
  const b = new EnvelopeBuilder({ id: 'u-1' }, { item: 'a' }, 100);
  expect(b.setActor({ id: '' })).toBeInstanceOf(TrailInputError);
  expect(b.setContext({ frame: 1.5 })).toMatchObject({ field: 'context.frame' });
  expect(b.setContext({ frame: 3 })).toBeUndefined();
  expect(b.build('label.added', undefined)).toMatchObject({ actor: { id: 'u-1' }, context: { item: 'a', frame: 3 } });
});
