// The Fabric.js adapter's rules for which canvas changes are the user's, against a stand-in
// canvas with fabric's event order (fabricFakeCanvas.ts).
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { useTestCapture } from './capture/testCapture.js';
import { connectFabric } from '../../src/capture/fabric.js';
import { fakeCanvas, key, labelOf, settle, type FakeCanvas, type FakeObject } from './fabricFakeCanvas.js';

let canvas: FakeCanvas;
let disconnect: () => void;

const setup = useTestCapture();
beforeEach(() => {
  canvas = fakeCanvas();
  disconnect = connectFabric(setup.capture, canvas, {
    labelOf,
    onError: (e) => {
      throw e;
    },
  });
});
afterEach(() => {
  disconnect();
});

const labelEvents = () => setup.tracker.events.filter((e) => e.type.startsWith('label.'));
const box = (labelId?: string, cls = 'car'): FakeObject => (labelId ? { labelId, cls } : {});

test('what a press draws is added once, at its release, timed from the press', async () => {
  canvas.press();
  vi.advanceTimersByTime(200);
  const drawn = box('b1');
  canvas.add(drawn); // the host adds its box at the press and grows it with the pointer
  vi.advanceTimersByTime(600);
  expect(labelEvents()).toEqual([]);
  canvas.release();
  await settle();
  expect(labelEvents()).toHaveLength(1);
  expect(labelEvents()[0]).toMatchObject({
    type: 'label.added',
    durationMs: 800,
    label: { id: 'b1', feature: 'car', name: 'CAR' },
  });
});

test("a box the host adds in a mouse:down handler registered before the adapter is the press's", async () => {
  const host = fakeCanvas();
  host.on('mouse:down', () => host.add(box('first')));
  const stop = connectFabric(setup.capture, host, { labelOf });
  host.press();
  vi.advanceTimersByTime(300);
  host.release();
  await settle();
  stop();
  expect(labelEvents().map((e) => [e.label?.id, e.durationMs])).toEqual([['first', 300]]);
});

test("free drawing's path (added before fabric's mouse:up) is one add", async () => {
  canvas.press();
  vi.advanceTimersByTime(500);
  const path = box('p1', 'road');
  canvas.add(path);
  canvas.fire('path:created', { path });
  canvas.release();
  await settle();
  expect(labelEvents().map((e) => [e.type, e.label?.id, e.durationMs])).toEqual([['label.added', 'p1', 500]]);
});

test("the host's label given in its own mouse:up handler, after the add, is the one logged", async () => {
  canvas.press();
  const drawn: FakeObject = {};
  canvas.add(drawn);
  canvas.release();
  drawn.labelId = 'late';
  drawn.cls = 'bus';
  await settle();
  expect(labelEvents()[0]).toMatchObject({ type: 'label.added', label: { id: 'late', name: 'BUS' } });
});

test('a shape the host adds shortly after the release is added; later, or after other input, it is not', async () => {
  canvas.press();
  vi.advanceTimersByTime(300);
  canvas.release();
  vi.advanceTimersByTime(200); // the host asked its server for an id
  canvas.add(box('after'));
  await settle();
  expect(labelEvents()[0]).toMatchObject({ type: 'label.added', label: { id: 'after' }, durationMs: 500 });

  canvas.press();
  canvas.release();
  vi.advanceTimersByTime(1_001);
  canvas.add(box('too-late'));
  canvas.press();
  canvas.release();
  key('v'); // a paste
  canvas.add(box('pasted'));
  await settle();
  expect(labelEvents().map((e) => e.label?.id)).toEqual(['after']);
});

test('adds from code with no press, and objects labelOf gives nothing for, log nothing', async () => {
  canvas.add(box('scripted'));
  key('z');
  canvas.add(box('undone')); // undo by script, after a key: no press on the canvas
  canvas.press();
  canvas.add(box()); // a guide line drawn with the box
  canvas.add(box('real'));
  canvas.release();
  await settle();
  expect(labelEvents().map((e) => e.label?.id)).toEqual(['real']);
});

test('a press that drew nothing leaves no draft behind', async () => {
  canvas.press();
  vi.advanceTimersByTime(400);
  canvas.release();
  vi.advanceTimersByTime(1_500);
  setup.capture.label.add({ id: 'manual' });
  expect(setup.tracker.ofType('label.added')[0]!.durationMs).toBeUndefined();
  // A box drawn later is timed from its own press.
  canvas.press();
  vi.advanceTimersByTime(250);
  canvas.add(box('b2'));
  canvas.release();
  await settle();
  expect(setup.tracker.ofType('label.added')[1]).toMatchObject({ label: { id: 'b2' }, durationMs: 250 });
});

test('a box drawn and taken back within one press was never a label', async () => {
  canvas.press();
  const tiny = box('tiny');
  canvas.add(tiny);
  canvas.remove(tiny); // the host drops a box too small to keep
  canvas.release();
  await settle();
  expect(labelEvents()).toEqual([]);
});

test('each finished move, scale or point edit is one edit, timed from the press on the object', async () => {
  const target = box('e1', 'tree');
  canvas.add(target); // from code: not logged
  canvas.press(target);
  for (let i = 0; i < 10; i++) {
    vi.advanceTimersByTime(60);
    canvas.fire('object:moving', { target }); // frames of the drag are no edits
  }
  canvas.modified(target, 'drag');
  canvas.release(target);
  await settle();
  canvas.press(target);
  vi.advanceTimersByTime(300);
  canvas.fire('object:scaling', { target });
  canvas.modified(target, 'scale');
  canvas.release(target);
  await settle(); // a new press is a new task: what the last one did has been sent
  canvas.press(target);
  vi.advanceTimersByTime(100);
  canvas.modified(target, 'modifyPoly');
  canvas.release(target);
  await settle();
  expect(labelEvents().map((e) => [e.type, e.label, e.durationMs, e.payload])).toEqual([
    ['label.edited', { id: 'e1', feature: 'tree', name: 'TREE' }, 600, { transform: 'drag' }],
    ['label.edited', { id: 'e1', feature: 'tree', name: 'TREE' }, 300, { transform: 'scale' }],
    ['label.edited', { id: 'e1', feature: 'tree', name: 'TREE' }, 100, { transform: 'modifyPoly' }],
  ]);
});

test("object:modified fired by a script is an edit only right after the user's input", async () => {
  const target = box('e2');
  canvas.add(target);
  vi.advanceTimersByTime(5_000);
  canvas.fire('object:modified', { target }); // a script's sync, no input near
  await settle();
  expect(labelEvents()).toEqual([]);
  document.body.dispatchEvent(new Event('pointerdown', { bubbles: true })); // a toolbar button
  canvas.fire('object:modified', { target });
  await settle();
  expect(labelEvents()).toHaveLength(1);
  expect(labelEvents()[0]).toMatchObject({ type: 'label.edited', label: { id: 'e2' } });
  expect(labelEvents()[0]!.durationMs).toBeUndefined();
  expect(labelEvents()[0]!.payload).toBeUndefined();
});

test("a multi-selection's move is an edit of each labelled object in it", async () => {
  const a = box('a');
  const b = box('b');
  const selection = { multiSelectionStacking: true, getObjects: () => [a, box(), b] };
  canvas.add(a, b);
  canvas.press(selection);
  vi.advanceTimersByTime(400);
  canvas.modified(selection, 'drag');
  canvas.release(selection);
  await settle();
  expect(labelEvents().map((e) => [e.label?.id, e.durationMs])).toEqual([
    ['a', 400],
    ['b', 400],
  ]);
});

test("the user's removal is a delete; a removal no input asked for is not", async () => {
  const [a, b] = [box('d1', 'cat'), box('d2')];
  canvas.add(a, b);
  vi.advanceTimersByTime(5_000);
  canvas.remove(b); // a script's, long after any input
  key('Delete');
  canvas.remove(a); // the host's Delete key handler
  expect(labelEvents()).toEqual([]); // sent once the task is over
  await settle();
  expect(labelEvents().map((e) => [e.type, e.label])).toEqual([
    ['label.deleted', { id: 'd1', feature: 'cat', name: 'CAT' }],
  ]);
});

test('a clear or a load, even right after a click, deletes and adds nothing', async () => {
  canvas.add(box('old-1'), box('old-2'));
  document.body.dispatchEvent(new Event('pointerdown', { bubbles: true })); // the Load button
  canvas.load(box('saved-1'), box('saved-2'));
  await settle();
  canvas.press();
  canvas.add(box('drawn'));
  canvas.release();
  await settle();
  canvas.load(box('saved-3')); // an undo by reloading, right after the release
  await settle();
  key('Delete');
  canvas.clear();
  await settle();
  expect(labelEvents().map((e) => [e.type, e.label?.id])).toEqual([['label.added', 'drawn']]);
});

test('a load that lands during a press is not what the press drew', async () => {
  canvas.press();
  canvas.add(box('before'));
  canvas.load(box('loaded'));
  canvas.add(box('after-load'));
  canvas.release();
  await settle();
  expect(labelEvents()).toEqual([]);
});

test('events keep their order when a removal waits for the end of the task', async () => {
  const old = box('old');
  canvas.add(old);
  const target = box('kept');
  canvas.add(target);
  canvas.press(target);
  canvas.remove(old); // the host replaces one box by another in one step
  canvas.modified(target, 'drag');
  canvas.release(target);
  await settle();
  expect(labelEvents().map((e) => e.type)).toEqual(['label.deleted', 'label.edited']);
});

test('a right press draws nothing', async () => {
  canvas.press(undefined, 2);
  canvas.add(box('ctx'));
  canvas.release();
  await settle();
  expect(labelEvents()).toEqual([]);
});
