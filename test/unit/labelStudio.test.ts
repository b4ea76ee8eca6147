import { afterEach, expect, test, vi } from 'vitest';
import { isTrailConfigError } from '../../src/TrailConfigError.js';
import { LabelStudioShapeError, withLabeltrail, type LabelStudioTrail } from '../../src/capture/labelStudio.js';
import { describeClassification, describeRegion } from '../../src/capture/labelStudio/describeArea.js';
import { changedPart, patchSubject } from '../../src/capture/labelStudio/storePaths.js';
import type { StorePatch } from '../../src/capture/labelStudio/LabelStudioLike.js';

const helpers = () => ({ add: vi.fn(), edit: vi.fn(), delete: vi.fn() });

function fakeTrail() {
  let open: string | undefined;
  const zero = { active: 0, stalled: 0, idle: 0, hidden: 0, blurred: 0 };
  return {
    label: helpers(),
    classification: helpers(),
    track: vi.fn(),
    openItem: vi.fn((item: string) => void (open = item)),
    closeItem: vi.fn(() => void (open = undefined)),
    timeInTool: () => ({
      item: open,
      countedMs: 0,
      editingMs: 0,
      touched: false,
      running: true,
      idle: false,
      buckets: zero,
    }),
  } satisfies LabelStudioTrail;
}

/** A store with one annotation whose areas a test sets, and patches it sends on demand. */
function fakeStore() {
  const listeners: ((patch: StorePatch) => void)[] = [];
  const areas = new Map<string, Record<string, unknown>>();
  const annotation = { id: 'local-1', pk: 'ann-9', areas: { get: (id: string) => areas.get(id) } };
  const store = {
    task: { id: 42 },
    annotationStore: { selected: annotation, annotations: [annotation] },
    $treenode: { onPatch: (listener: (patch: StorePatch) => void) => (listeners.push(listener), () => {}) },
  };
  const patch = (op: StorePatch['op'], path: string) => listeners.forEach((l) => l({ op, path }));
  return { store, areas, annotation, patch };
}

const box = (labels: string[]) => ({
  id: 'r1#local-1',
  cleanId: 'r1',
  type: 'rectangleregion',
  labels,
  labeling: { from_name: { name: 'label' } },
  results: [],
});
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => vi.useRealTimers());

test('bad input throws TrailConfigError naming it, at the call', () => {
  const trail = fakeTrail();
  const cases: [unknown, unknown, unknown, string][] = [
    [trail, null, {}, 'hostOptions'],
    [trail, [], {}, 'hostOptions'],
    [trail, document.createElement('div'), {}, 'hostOptions'],
    [trail, { onSubmitAnnotation: 'save' }, {}, 'hostOptions.onSubmitAnnotation'],
    [{}, {}, {}, 'trail'],
    [{ ...trail, classification: undefined }, {}, {}, 'trail'],
    [trail, {}, { textContent: 'yes' }, 'labelStudio.textContent'],
    [trail, {}, { onError: 1 }, 'labelStudio.onError'],
    [trail, {}, { context: { project: '' } }, 'labelStudio.context.project'],
    [trail, {}, { context: { annotation: 7 } }, 'labelStudio.context.annotation'],
  ];
  for (const [t, host, options, option] of cases) {
    let thrown: unknown;
    try {
      withLabeltrail(t as LabelStudioTrail, host as Record<string, unknown>, options as never);
    } catch (error) {
      thrown = error;
    }
    expect(isTrailConfigError(thrown), option).toBe(true);
    expect((thrown as { option: string }).option).toBe(option);
  }
});

test("the host's callbacks run after logging, with the same arguments and this, and keep their return value", () => {
  const trail = fakeTrail();
  const submit = vi.fn(function (this: unknown) {
    return 'saved';
  });
  const options = withLabeltrail(trail, { config: '<View/>', onSubmitAnnotation: submit });
  const self = {};
  const annotation = { id: 'a', pk: null };
  const result = (options['onSubmitAnnotation'] as (...a: unknown[]) => unknown).call(self, {}, annotation);
  expect(result).toBe('saved');
  expect(submit).toHaveBeenCalledWith({}, annotation);
  expect(submit.mock.contexts[0]).toBe(self);
  expect(trail.track).toHaveBeenCalledWith('task.submitted', { context: { annotation: 'a' }, payload: {} });
  expect(options['config']).toBe('<View/>');
  // Label Studio saves drafts only when a host listens: the adapter adds no such callback.
  expect(options['onSubmitDraft']).toBeUndefined();
  expect(withLabeltrail(trail, { onSubmitDraft: () => 1 })['onSubmitDraft']).toBeTypeOf('function');
});

test('a store without $treenode is reported, not thrown; the task still opens and the host callback runs', () => {
  const trail = fakeTrail();
  const onError = vi.fn();
  const load = vi.fn(() => 'host');
  const options = withLabeltrail(trail, { onLabelStudioLoad: load }, { onError });
  const result = (options['onLabelStudioLoad'] as (s: unknown) => unknown)({ task: { id: 7 } });
  expect(result).toBe('host');
  expect(onError.mock.calls[0]![0]).toBeInstanceOf(LabelStudioShapeError);
  expect(trail.openItem).toHaveBeenCalledWith('7', { task: '7' });
  // A callback given nonsense by the editor does not throw into it either.
  expect(() => (options['onEntityCreate'] as (a: unknown) => void)(null)).not.toThrow();
});

test('region edits count after input only, once per gesture; resizes and loads are no edits', async () => {
  const trail = fakeTrail();
  const { store, areas, patch } = fakeStore();
  const options = withLabeltrail(trail, {});
  (options['onLabelStudioLoad'] as (s: unknown) => void)(store);
  areas.set('r1#local-1', box(['Car']));
  // Label Studio rescales the region after the image loaded: no input, no edit.
  patch('replace', '/annotationStore/root/children/0/stageWidth');
  patch('replace', '/annotationStore/annotations/0/areas/r1#local-1/x');
  await tick();
  patch('replace', '/annotationStore/annotations/0/areas/r1#local-1/y');
  await tick();
  expect(trail.label.edit).not.toHaveBeenCalled();
  // A drag: pointer down, geometry patched at its end, pointer up: one edit.
  document.dispatchEvent(new Event('pointerdown'));
  patch('replace', '/annotationStore/annotations/0/areas/r1#local-1/x');
  patch('replace', '/annotationStore/annotations/0/areas/r1#local-1/y');
  patch('replace', '/annotationStore/annotations/0/areas/r1#local-1/_highlighted');
  document.dispatchEvent(new Event('pointerup'));
  await tick();
  await tick();
  expect(trail.label.edit).toHaveBeenCalledTimes(1);
  expect(trail.label.edit.mock.calls[0]![0]).toMatchObject({
    id: 'r1',
    feature: 'label/Car',
    name: 'Car',
    item: '42',
    context: { task: '42', annotation: 'ann-9' },
    payload: { changed: ['geometry'], labels: ['Car'] },
  });
  // Hovering changes display state only.
  document.dispatchEvent(new Event('pointerup'));
  patch('replace', '/annotationStore/annotations/0/areas/r1#local-1/_highlighted');
  await tick();
  expect(trail.label.edit).toHaveBeenCalledTimes(1);
});

test('a region with several labels carries them all; a text area sends its length unless the host opts in', () => {
  expect(describeRegion(box(['Car', 'Truck']))).toEqual({
    id: 'r1',
    feature: 'label/Car',
    name: 'Car',
    payload: { labels: ['Car', 'Truck'], regionType: 'rectangleregion' },
  });
  const note = {
    id: 'n1',
    results: [{ type: 'textarea', from_name: { name: 'note' }, mainValue: ['call me', 'at 5'] }],
  };
  expect(describeClassification(note, { textContent: false })!.payload).toEqual({ control: 'textarea', length: 11 });
  expect(describeClassification(note, { textContent: true })!.payload).toEqual({
    control: 'textarea',
    texts: ['call me', 'at 5'],
    length: 11,
  });
});

test('store paths: areas, loads and layout are told apart', () => {
  expect(patchSubject('/annotationStore/annotations/2/areas/a~1b/results/0/value/choices/0')).toEqual({
    kind: 'area',
    index: 2,
    id: 'a/b',
    rest: 'results/0/value/choices/0',
  });
  expect(patchSubject('/task').kind).toBe('task');
  expect(patchSubject('/annotationStore/annotations/0').kind).toBe('load');
  expect(patchSubject('/annotationStore/root/children/0/stageHeight').kind).toBe('layout');
  expect(patchSubject('/annotationStore/annotations/0/history/undoIdx').kind).toBe('other');
  expect(changedPart('results/0/value/rectanglelabels/0', false)).toBe('labels');
  expect(changedPart('results/1/value/choices/0', false)).toBe('attributes');
  expect(changedPart('x', false)).toBe('geometry');
  expect(changedPart('hidden', false)).toBeUndefined();
  expect(changedPart('results/0/value/choices/0', true)).toBe('value');
});

test('a choice made, changed, cleared: added, edited, deleted; a task assigned next opens as the item', async () => {
  const trail = fakeTrail();
  const { store, areas, patch } = fakeStore();
  const options = withLabeltrail(trail, {});
  (options['onLabelStudioLoad'] as (s: unknown) => void)(store);
  const choice = (value: string) => ({
    id: 'c1',
    classification: true,
    results: [{ type: 'choices', from_name: { name: 'quality' }, mainValue: [value] }],
  });
  const click = () => {
    document.dispatchEvent(new Event('pointerdown'));
    document.dispatchEvent(new Event('pointerup'));
  };
  click();
  areas.set('c1', choice('Good'));
  patch('add', '/annotationStore/annotations/0/areas/c1');
  await tick();
  click();
  areas.set('c1', choice('Blurry'));
  patch('replace', '/annotationStore/annotations/0/areas/c1/results/0/value/choices/0');
  await tick();
  click();
  areas.delete('c1');
  patch('remove', '/annotationStore/annotations/0/areas/c1');
  await tick();
  expect(trail.classification.add.mock.calls.map(([a]) => a.feature)).toEqual(['quality/Good']);
  expect(trail.classification.edit.mock.calls.map(([a]) => [a.feature, a.payload])).toEqual([
    ['quality/Blurry', { control: 'choices', values: ['Blurry'], changed: ['value'] }],
  ]);
  expect(trail.classification.delete.mock.calls.map(([a]) => a.feature)).toEqual(['quality/Blurry']);

  // The user goes on to the next task (the host assigns it to the store): 42 closes, 43 opens.
  (options['onNextTask'] as (id: number) => void)(43);
  expect(trail.closeItem).toHaveBeenCalledTimes(1);
  (store as { task: { id: number } }).task = { id: 43 };
  patch('replace', '/task');
  expect(trail.openItem.mock.calls.map(([item]) => item)).toEqual(['42', '43']);
});
