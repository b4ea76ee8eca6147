// The platform pack: every action of the platform's metrics table has a type (a custom one
// from the pack, or a built-in one), every custom one a category and kind, and the helpers
// put each subject where its row says.
import { afterEach, expect, test } from 'vitest';
import { createTrail, type Trail } from '../../src/createTrail.js';
import { isEventType } from '../../src/events/taxonomy.js';
import { validateEvent } from '../../src/events/validateEvent.js';
import { TrailInputError } from '../../src/events/TrailInputError.js';
import {
  builtInPlatformActions,
  platformActionTable,
  platformHelpers,
  platformTypes,
} from '../../src/types/platform/index.js';

// The metrics table of the source document, in its order.
const SOURCE_ACTIONS = [
  'login', 'logout', 'create_project', 'update_project', 'disable_project', 'restore_project', 'create_dataset',
  'update_dataset', 'disable_dataset', 'create_image', 'update_image', 'disable_image', 'restore_image',
  'create_figure', 'update_figure', 'disable_figure', 'restore_figure', 'create_class', 'update_class',
  'disable_class', 'restore_class', 'create_backup', 'export_project', 'model_train', 'model_inference',
  'create_plugin', 'disable_plugin', 'restore_plugin', 'create_node', 'disable_node', 'restore_node',
  'create_workspace', 'disable_workspace', 'restore_workspace', 'create_model', 'disable_model', 'restore_model',
  'add_member', 'remove_member', 'login_to_team', 'attach_tag', 'update_tag_value', 'detach_tag',
  'annotation_duration', 'image_review_status_updated', 'email_changed',
]; // prettier-ignore

const trails: Trail[] = [];
afterEach(async () => {
  await Promise.all(trails.splice(0).map((t) => t.close()));
});

function start() {
  const trail = createTrail({
    endpoint: '/v1/logs',
    actor: { id: 'u-1' },
    dbName: `platform-${trails.length}-${Date.now()}`,
    types: platformTypes,
  });
  trails.push(trail as unknown as Trail);
  return trail;
}

test('every action of the source table has exactly one type, custom or built-in', () => {
  const custom = platformActionTable.map((row) => row[0] as string);
  const builtIn = Object.keys(builtInPlatformActions);
  expect([...custom, ...builtIn].sort()).toEqual([...SOURCE_ACTIONS].sort());
  for (const type of Object.values(builtInPlatformActions)) expect(isEventType(type), type).toBe(true);
  const types = platformActionTable.map((row) => row[1] as string);
  expect(new Set(types).size).toBe(types.length);
  for (const type of types) expect(isEventType(type), type).toBe(false);
});

test('the types the issue names are there, each with its category and kind', () => {
  expect(platformTypes['project.created']).toMatchObject({ category: 'project', kind: 'create' });
  expect(platformTypes['dataset.disabled']).toMatchObject({ category: 'dataset', kind: 'delete' });
  expect(platformTypes['image.restored']).toMatchObject({ category: 'image', kind: 'create' });
  expect(platformTypes['model.inference']).toMatchObject({ category: 'model', kind: 'create' });
  expect(platformTypes['member.added']).toMatchObject({ category: 'member', kind: 'create' });
  expect(platformTypes['user.login']).toMatchObject({ category: 'user', kind: 'session' });
  expect(platformTypes['project.exported']).toMatchObject({ category: 'project', kind: 'create' });
  expect(Object.isFrozen(platformTypes)).toBe(true);
});

test('helpers put the subject in the context or the payload, and the events are valid envelopes', () => {
  const platform = platformHelpers(start());
  const events = [
    platform.user.login(),
    platform.project.create('p1'),
    platform.project.export('p1', { payload: { format: 'coco' } }),
    platform.dataset.disable('d-7', { context: { project: 'p1' } }),
    platform.image.restore('img-3'),
    platform.node.create('stage-2'),
    platform.model.infer('m-3', { payload: { items: 40 } }),
    platform.member.add('u-9', { payload: { role: 'reviewer' } }),
    platform.user.loginToTeam('red'),
    platform.backup.create({ context: { dataset: 'd-7' } }),
    platform.tag.attach('blurry', { context: { item: 'img-3' }, payload: { value: true } }),
  ];
  expect(events.map((e) => [e?.type, e?.category, e?.kind])).toEqual([
    ['user.login', 'user', 'session'],
    ['project.created', 'project', 'create'],
    ['project.exported', 'project', 'create'],
    ['dataset.disabled', 'dataset', 'delete'],
    ['image.restored', 'image', 'create'],
    ['node.created', 'node', 'create'],
    ['model.inference', 'model', 'create'],
    ['member.added', 'member', 'create'],
    ['user.team_login', 'user', 'session'],
    ['backup.created', 'backup', 'create'],
    ['tag.attached', undefined, undefined],
  ]);
  expect(events[2]).toMatchObject({ context: { project: 'p1' }, payload: { format: 'coco' } });
  expect(events[3]!.context).toEqual({ project: 'p1', dataset: 'd-7' });
  expect(events[4]!.context).toEqual({ item: 'img-3' });
  expect(events[5]!.context).toEqual({ workflowStage: 'stage-2' });
  expect(events[6]!.payload).toEqual({ items: 40, model: 'm-3' });
  expect(events[7]!.payload).toEqual({ role: 'reviewer', member: 'u-9' });
  expect(events[10]!.payload).toEqual({ value: true, tag: 'blurry' });
  for (const e of events) expect(validateEvent(e)).toEqual(e);
});

test('a payload subject is required and must be an id', () => {
  const trail = start();
  const errors: TrailInputError[] = [];
  trail.errors$.subscribe((e) => errors.push(e as TrailInputError));
  expect(trail.track('model.inference', { payload: { items: 3 } })).toBeUndefined();
  expect(platformHelpers(trail).member.remove('')).toBeUndefined();
  expect(errors.map((e) => e.field)).toEqual(['payload.model', 'payload.member']);
});

test('helper names are typed', () => {
  const platform = platformHelpers(start());
  // @ts-expect-error -- datasets have no restore action in the source table
  expect(platform.dataset.restore).toBeUndefined();
  // @ts-expect-error -- a subject helper takes the subject's id
  expect(() => platform.project.create({ context: {} })).not.toThrow();
});
