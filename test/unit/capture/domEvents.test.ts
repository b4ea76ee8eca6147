import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { useTestCapture } from './testCapture.js';
import { connectDomEvents } from '../../../src/capture/domEvents.js';

let editor: HTMLElement;

const setup = useTestCapture();
beforeEach(() => {
  editor = document.createElement('div');
  document.body.append(editor);
});
afterEach(() => {
  editor.remove();
});

const send = (name: string, detail?: unknown) => editor.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));

test('built-in labeltrail:* events call the matching helper with their detail', () => {
  const disconnect = connectDomEvents(setup.capture, editor);
  send('labeltrail:item.open', { item: 'img-3', context: { project: 'p' } });
  send('labeltrail:label.begin');
  vi.advanceTimersByTime(900);
  send('labeltrail:label.add', { id: 'a', feature: 'f', name: 'Dog' });
  send('labeltrail:review.reject', { label: { id: 'a' }, comment: 'loose box' });
  send('labeltrail:task.submit', { task: 't' });
  send('labeltrail:item.close');
  expect(setup.tracker.events.map((e) => e.type)).toEqual([
    'item.opened',
    'label.added',
    'label.rejected',
    'task.submitted',
    'item.duration',
  ]);
  expect(setup.tracker.ofType('label.added')[0]).toMatchObject({
    durationMs: 900,
    context: { item: 'img-3', project: 'p' },
    label: { name: 'Dog' },
  });
  disconnect();
  send('labeltrail:label.add', { id: 'b' });
  expect(setup.tracker.ofType('label.added')).toHaveLength(1);
});

test("an editor's own events are mapped in a few lines", () => {
  connectDomEvents(setup.capture, editor, {
    prefix: null,
    events: {
      'shape:start': 'label.begin',
      'shape:done': (d) => {
        const detail = d as { shape: { uid: string }; cls: { id: string; title: string } };
        return ['label.add', { id: detail.shape.uid, feature: detail.cls.id, name: detail.cls.title }];
      },
      'shape:hover': () => undefined,
    },
  });
  send('shape:start');
  vi.advanceTimersByTime(400);
  send('shape:hover', {});
  send('shape:done', { shape: { uid: 's1' }, cls: { id: 'c9', title: 'Tree' } });
  send('labeltrail:label.add', { id: 'ignored' }); // built-ins are off
  expect(setup.tracker.events.map((e) => [e.type, e.label?.id, e.label?.feature, e.durationMs])).toEqual([
    ['label.added', 's1', 'c9', 400],
  ]);
});

test('bad details are reported, never thrown into the editor', () => {
  const errors: unknown[] = [];
  connectDomEvents(setup.capture, editor, {
    onError: (e) => errors.push(e),
    events: { weird: 'nope.nothing' as never },
  });
  expect(() => {
    send('labeltrail:label.add', 'not an object');
    send('labeltrail:item.open', { item: 5 });
    send('weird', {});
  }).not.toThrow();
  expect(errors).toHaveLength(3);
  expect(setup.tracker.events).toHaveLength(0);
});
