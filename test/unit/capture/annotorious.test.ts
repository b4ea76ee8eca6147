// Logic of the Annotorious adapter against a minimal stand-in for the annotator's event API;
// the adapter is exercised against the real library in test/browser/capture-annotorious.test.ts.
import { expect, test, vi } from 'vitest';
import { useTestCapture } from './testCapture.js';
import { connectAnnotorious, type AnnotoriousAnnotation } from '../../../src/capture/annotorious.js';

function stubAnnotator(existing: AnnotoriousAnnotation[] = [], tool = 'rectangle') {
  const element = document.createElement('div');
  document.body.append(element);
  const handlers = new Map<string, Set<(...args: unknown[]) => void>>();
  let selected: AnnotoriousAnnotation[] = [];
  return {
    element,
    tool,
    on: (event: string, fn: (...args: never[]) => void) => {
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event)!.add(fn as (...args: unknown[]) => void);
    },
    off: (event: string, fn: (...args: never[]) => void) =>
      handlers.get(event)?.delete(fn as (...args: unknown[]) => void),
    getAnnotations: () => existing,
    getSelected: () => selected,
    getDrawingTool() {
      return this.tool;
    },
    isDrawingEnabled: () => true,
    emit(event: string, ...args: unknown[]) {
      if (event === 'selectionChanged') selected = args[0] as AnnotoriousAnnotation[];
      handlers.get(event)?.forEach((fn) => fn(...args));
    },
    down() {
      element.dispatchEvent(new Event('pointerdown'));
    },
    listeners: () => [...handlers.values()].reduce((n, set) => n + set.size, 0),
  };
}

const box = (id: string, value?: string): AnnotoriousAnnotation => ({
  id,
  bodies: value ? [{ purpose: 'classifying', value }] : [],
});

const setup = useTestCapture();

test('a rectangle is timed from its own pointer down; an abandoned press does not count', () => {
  const anno = stubAnnotator();
  connectAnnotorious(setup.capture, anno);
  anno.down(); // a click that made no shape
  vi.advanceTimersByTime(5_000);
  anno.down(); // the real drawing
  vi.advanceTimersByTime(700);
  anno.emit('createAnnotation', box('a', 'car'));
  expect(setup.tracker.ofType('label.added')[0]).toMatchObject({
    durationMs: 700,
    label: { id: 'a', name: 'car', feature: 'car' },
  });
});

test('a polygon is timed from its first click', () => {
  const anno = stubAnnotator([], 'polygon');
  connectAnnotorious(setup.capture, anno);
  anno.down();
  vi.advanceTimersByTime(1_000);
  anno.down();
  vi.advanceTimersByTime(1_000);
  anno.down();
  anno.emit('createAnnotation', box('p'));
  expect(setup.tracker.ofType('label.added')[0]!.durationMs).toBe(2_000);
});

test('selecting an existing shape starts an edit, not a drawing; deselecting without change drops it', () => {
  const existing = box('old', 'tree');
  const anno = stubAnnotator([existing]);
  connectAnnotorious(setup.capture, anno);
  anno.down(); // the pointer down that selects
  anno.emit('selectionChanged', [existing]);
  vi.advanceTimersByTime(1_200);
  anno.emit('updateAnnotation', { ...existing, target: { x: 1 } }, existing);
  anno.emit('selectionChanged', []);
  expect(setup.tracker.ofType('label.edited')[0]).toMatchObject({ durationMs: 1_200, payload: { changed: 'target' } });
  anno.down();
  anno.emit('selectionChanged', [existing]);
  vi.advanceTimersByTime(300);
  anno.emit('selectionChanged', []);
  anno.down();
  vi.advanceTimersByTime(400);
  anno.emit('createAnnotation', box('new'));
  // The earlier selection did not leak into the new drawing's time.
  expect(setup.tracker.ofType('label.added')[0]!.durationMs).toBe(400);
  anno.emit('deleteAnnotation', existing);
  expect(setup.tracker.ofType('label.deleted')[0]).toMatchObject({ label: { id: 'old', name: 'tree' } });
});

test('disconnect removes every listener', () => {
  const anno = stubAnnotator();
  const disconnect = connectAnnotorious(setup.capture, anno, { figures: true });
  expect(anno.listeners()).toBe(4);
  disconnect();
  expect(anno.listeners()).toBe(0);
  anno.emit('createAnnotation', box('x'));
  expect(setup.tracker.events).toHaveLength(0);
});
