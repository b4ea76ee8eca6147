// Custom event types: registration is checked (a TrailConfigError names the type and field),
// track() stamps their category and kind, runs their payload check, and TypeScript knows
// their names. The type-level lines are checked by `tsc --noEmit` (part of npm test): an
// unused @ts-expect-error is itself a compile error.
import { afterEach, beforeEach, expect, expectTypeOf, test, vi } from 'vitest';
import { createTrail, type Trail, type TypedTrail } from '../../src/createTrail.js';
import { defineEventTypes } from '../../src/events/defineEventTypes.js';
import { TrailConfigError } from '../../src/TrailConfigError.js';
import { TrailInputError } from '../../src/events/TrailInputError.js';
import { validateEvent } from '../../src/events/validateEvent.js';
import type { CustomEventTypes, DefinedEventTypes } from '../../src/events/CustomEventType.js';
import type { NativeBatch } from '../../src/delivery/formats.js';

let bodies: NativeBatch[] = [];
const opened: Trail[] = [];
let dbCount = 0;

beforeEach(() => {
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    bodies.push(JSON.parse(String(init.body)) as NativeBatch);
    return new Response('{}', { status: 200 });
  });
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
  bodies = [];
  vi.unstubAllGlobals();
});

const types = defineEventTypes({
  'project.exported': {
    category: 'project',
    kind: 'create',
    description: 'Project exported',
    payload: (p?: { format?: string; items?: number }) =>
      p?.format !== undefined && !['coco', 'yolo'].includes(p.format)
        ? { field: 'format', problem: 'must be coco or yolo' }
        : undefined,
  },
  'dataset.disabled': { category: 'dataset', kind: 'delete' },
  'model.inference': {
    category: 'model',
    kind: 'create',
    payload: (p) => (p?.['model'] === undefined ? 'must name the model' : undefined),
  },
});

function start<T extends CustomEventTypes>(custom: DefinedEventTypes<T>, strict = false): TypedTrail<T> {
  const trail = createTrail({
    endpoint: '/v1/logs',
    actor: { id: 'u-17' },
    dbName: `custom-types-${dbCount++}`,
    batch: { delayMs: 5 },
    gzip: false,
    strict,
    types: custom,
  });
  opened.push(trail);
  return trail;
}

const configError = (run: () => unknown): TrailConfigError => {
  try {
    run();
  } catch (error) {
    if (error instanceof TrailConfigError) return error;
    throw error;
  }
  throw new Error('expected a TrailConfigError');
};

test.each([
  [{ 'Project.Exported': { category: 'project', kind: 'create' } }, 'types["Project.Exported"]', /dot-style/],
  [{ project: { category: 'project', kind: 'create' } }, 'types["project"]', /dot-style/],
  [{ 'project.exported!': { category: 'project', kind: 'create' } }, 'types["project.exported!"]', /dot-style/],
  [{ [`p.${'x'.repeat(63)}`]: { category: 'p', kind: 'create' } }, `types["p.${'x'.repeat(63)}"]`, /64/],
  [{ 'label.added': { category: 'label', kind: 'create' } }, 'types["label.added"]', /built-in/],
  [{ 'project.exported': null }, 'types["project.exported"]', /must be an object/],
  [{ 'project.exported': { kind: 'create' } }, 'types["project.exported"].category', /lower-case word/],
  [{ 'project.exported': { category: 'Project', kind: 'create' } }, 'types["project.exported"].category', /lower/],
  [{ 'project.exported': { category: 'p'.repeat(33), kind: 'create' } }, 'types["project.exported"].category', /32/],
  [{ 'project.exported': { category: 'project' } }, 'types["project.exported"].kind', /one of create, update/],
  [{ 'project.exported': { category: 'project', kind: 'export' } }, 'types["project.exported"].kind', /one of/],
  [
    { 'project.exported': { category: 'project', kind: 'create', code: 40 } },
    'types["project.exported"].code',
    /no action code/,
  ],
  [
    { 'project.exported': { category: 'project', kind: 'create', colour: 'red' } },
    'types["project.exported"].colour',
    /not a field/,
  ],
  [
    { 'project.exported': { category: 'project', kind: 'create', payload: 'format' } },
    'types["project.exported"].payload',
    /function/,
  ],
  [
    { 'project.exported': { category: 'project', kind: 'create', description: 'x'.repeat(201) } },
    'types["project.exported"].description',
    /200/,
  ],
  [['project.exported'], 'types', /object/],
])('registering %j is a TrailConfigError naming %s', (bad, option, problem) => {
  const error = configError(() => defineEventTypes(bad as never));
  expect(error.option).toBe(option);
  expect(error.problem).toMatch(problem);
  expect(error.message).toContain(option);
});

test('createTrail takes only types made by defineEventTypes', () => {
  const raw = { 'project.exported': { category: 'project', kind: 'create' } };
  for (const types of [raw, Object.freeze({ ...raw }), 'project.exported', 7]) {
    const error = configError(() => start(types as never));
    expect(error.option).toBe('types');
    expect(error.problem).toMatch(/defineEventTypes/);
  }
});

test('more than 1000 custom types are refused', () => {
  const many = Object.fromEntries(
    Array.from({ length: 1001 }, (_, i) => [`t.n${i}`, { category: 't', kind: 'system' as const }]),
  );
  expect(configError(() => defineEventTypes(many)).problem).toMatch(/more than 1000/);
});

test('track() of a custom type stamps its category and kind, no code, and delivers it', async () => {
  const trail = start(types);
  const exported = trail.track('project.exported', { context: { project: 'p1' }, payload: { format: 'coco' } });
  const added = trail.track('label.added', { label: { id: 'obj-1' } });
  expect(exported).toMatchObject({
    type: 'project.exported',
    code: null,
    category: 'project',
    kind: 'create',
    context: { project: 'p1' },
    payload: { format: 'coco' },
    seq: 0,
  });
  // The envelope keeps the schema's key order: category and kind right after code.
  expect(Object.keys(exported!).slice(0, 6)).toEqual(['id', 'type', 'code', 'category', 'kind', 'time']);
  // Built-in types leave them out: receivers derive them from eventTypes.
  expect(added).not.toHaveProperty('category');
  expect(added).toMatchObject({ type: 'label.added', code: 0, seq: 1 });
  expect(validateEvent(exported)).toEqual(exported);
  await trail.flush({ timeoutMs: 5000 });
  const sent = bodies.flatMap((b) => b.events);
  expect(sent.map((e) => e.type)).toEqual(['project.exported', 'label.added']);
  expect(sent[0]).toEqual(exported);
});

test('a payload that fails its custom check is refused naming the field; unknown types as before', () => {
  const trail = start(types);
  const errors: TrailInputError[] = [];
  trail.errors$.subscribe((e) => errors.push(e as TrailInputError));
  expect(trail.track('project.exported', { payload: { format: 'pdf' } })).toBeUndefined();
  expect(trail.track('model.inference')).toBeUndefined();
  // The envelope's own limits come first: a payload nested too deep never reaches the check.
  let deep: Record<string, unknown> = { model: 'm-1' };
  for (let d = 0; d < 40; d++) deep = { model: 'm-1', n: deep };
  expect(trail.track('model.inference', { payload: deep })).toBeUndefined();
  expect(trail.track('project.exportd' as never)).toBeUndefined();
  expect(trail.track('dataset.disabled', { context: { dataset: 'd-1' } })).toMatchObject({ category: 'dataset' });
  expect(errors.map((e) => [e.field, e.problem, e.eventType])).toEqual([
    ['payload.format', 'must be coco or yolo', 'project.exported'],
    ['payload', 'must name the model', 'model.inference'],
    ['payload', 'nests over 32 levels', 'model.inference'],
    ['type', 'unknown event type "project.exportd"', undefined],
  ]);
  expect(errors.every((e) => e instanceof TrailInputError)).toBe(true);
});

test('a payload check that throws refuses the event; strict mode throws the refusal', () => {
  const trail = start(
    defineEventTypes({
      'job.closed': {
        category: 'job',
        kind: 'update',
        payload: () => {
          throw new Error('boom');
        },
      },
    }),
    true,
  );
  expect(() => trail.track('job.closed')).toThrow(/payload: failed its check: boom/);
});

test('a custom type is only known to the trail that registered it', () => {
  const plain = start(defineEventTypes({}));
  expect(plain.track('project.exported' as never)).toBeUndefined();
});

test('TypeScript knows the custom names and their payloads; a misspelt type does not compile', () => {
  const trail = start(types);
  expectTypeOf(trail.track)
    .parameter(0)
    .toEqualTypeOf<Parameters<Trail['track']>[0] | 'project.exported' | 'dataset.disabled' | 'model.inference'>();
  trail.track('project.exported', { payload: { format: 'yolo', items: 3 } });
  trail.track('label.added');
  // @ts-expect-error -- misspelt custom type
  trail.track('project.exportd');
  // @ts-expect-error -- misspelt built-in type
  trail.track('label.aded');
  // @ts-expect-error -- the payload is typed by the check's parameter
  trail.track('project.exported', { payload: { format: 7 } });
  // A trail with custom types is still a Trail: adapters and helpers typed for one take it.
  expectTypeOf(trail).toExtend<Trail>();
  const inline = createTrail({
    endpoint: '/v1/logs',
    actor: { id: 'u-1' },
    dbName: `custom-types-${dbCount++}`,
    types: defineEventTypes({ 'user.login': { category: 'user', kind: 'session' } }),
  });
  opened.push(inline);
  inline.track('user.login');
  // @ts-expect-error -- types defined inline in the options are known as well
  inline.track('user.logn');
  const plainTypes = { 'user.login': { category: 'user', kind: 'session' } } as const;
  // @ts-expect-error -- a plain object is not a checked registry
  expect(() => createTrail({ endpoint: '/v1/logs', actor: { id: 'u-1' }, types: plainTypes })).toThrow(
    TrailConfigError,
  );
  expect(bodies).toEqual([]);
});
