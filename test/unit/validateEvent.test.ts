import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { eventJsonSchema } from '../../src/events/jsonSchema.js';
import { TrailInputError } from '../../src/events/TrailInputError.js';
import { validateEvent } from '../../src/events/validateEvent.js';
import { uuidv7 } from '../../src/lib/uuidv7.js';

function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: uuidv7(),
    type: 'label.added',
    code: 0,
    time: 1_700_000_000_000,
    mono: 12.5,
    session: uuidv7(),
    seq: 0,
    actor: { id: 'u-17', email: 'ann@example.com' },
    context: { project: 'p1', item: 'img-3', frame: 12 },
    label: { id: 'obj-9', feature: 'f-car', name: 'Car' },
    durationMs: 5400,
    ...overrides,
  };
}

function problem(candidate: unknown): TrailInputError {
  const result = validateEvent(candidate);
  if (!(result instanceof TrailInputError)) throw new Error('expected a refusal');
  return result;
}

test('a complete event passes unchanged', () => {
  const e = event();
  expect(validateEvent(e)).toEqual(e);
});

test.each([
  [{ type: 'label.exploded' }, 'type'],
  [{ code: 1 }, 'code'],
  [{ id: 'not-a-uuid' }, 'id'],
  [{ seq: -1 }, 'seq'],
  [{ seq: 1.5 }, 'seq'],
  [{ time: '2024-01-01' }, 'time'],
  [{ actor: { email: 'x@example.com' } }, 'actor.id'],
  [{ actor: { id: 'u', email: 'not an email' } }, 'actor.email'],
  [{ context: { frame: -2 } }, 'context.frame'],
  [{ context: { itme: 'typo' } }, 'context'],
  [{ label: { id: 'x'.repeat(600) } }, 'label.id'],
  [{ durationMs: -5 }, 'durationMs'],
  [{ extra: true }, ''],
])('refuses %j naming %s', (overrides, field) => {
  const error = problem(event(overrides));
  expect(error.field).toBe(field);
  expect(error.problem.length).toBeGreaterThan(0);
  expect(error.message).toContain(error.problem);
});

test('typed payloads are checked against their schema', () => {
  const bad = problem(event({ type: 'video.seeking', code: 32, payload: { fromFrame: 3 } }));
  expect(bad.field).toBe('payload.toFrame');
  expect(bad.eventType).toBe('video.seeking');
  const good = event({ type: 'video.seeking', code: 32, payload: { fromFrame: 3, toFrame: 90, durationMs: 120, merged: 2 } });
  expect(validateEvent(good)).toEqual(good);
});

test('the published JSON Schema is the one the code generates', () => {
  const published = JSON.parse(readFileSync('schema/event.schema.json', 'utf8'));
  expect(published).toEqual(eventJsonSchema());
  expect(published.required).toEqual(expect.arrayContaining(['id', 'type', 'code', 'time', 'mono', 'session', 'seq', 'actor', 'context']));
});
