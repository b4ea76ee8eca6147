import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { attachCapture, type Capture } from '../../../src/capture/attachCapture.js';
import { eventTypes } from '../../../src/events/taxonomy.js';
import type { Tracker } from '../../../src/events/Tracker.js';
import { createRecordingTracker, type RecordingTracker } from '../../support/recordingTracker.js';
import { input, installPageState, setHidden } from './pageState.js';

let tracker: RecordingTracker;
let capture: Capture;

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
  installPageState();
  tracker = createRecordingTracker();
  capture = attachCapture(tracker, {
    storage: null,
    onError: (e) => {
      throw e;
    },
  });
});
afterEach(() => {
  capture.dispose();
  vi.useRealTimers();
  expect(tracker.refused).toEqual([]);
});

const car = { id: 'inst-1', feature: 'feat-car', name: 'Car' };

describe('typed helpers cover the action table', () => {
  test('each helper emits its action code', () => {
    const calls: [() => unknown, number][] = [
      [() => capture.label.add(car), 0],
      [() => capture.label.edit(car), 1],
      [() => capture.label.delete(car), 2],
      [() => capture.labeling.start(), 3],
      [() => capture.labeling.end(), 4],
      [() => capture.task.submit({ task: 't1' }), 11],
      [() => capture.label.approve(car), 12],
      [() => capture.label.reject(car), 13],
      [() => capture.review.approve({ label: car }), 12],
      [() => capture.review.reject({ label: car }), 13],
      [() => capture.classification.add(car), 23],
      [() => capture.attribute.add(car), 23],
      [() => capture.classification.edit(car), 24],
      [() => capture.attribute.edit(car), 24],
      [() => capture.classification.delete(car), 25],
      [() => capture.attribute.delete(car), 25],
      [() => capture.classification.approve(car), 26],
      [() => capture.review.approve({ attribute: car }), 26],
      [() => capture.classification.reject(car), 27],
      [() => capture.review.reject({ classification: car }), 27],
      [() => capture.label.submit(car), 28],
      [() => capture.classification.submit(car), 28],
      [() => capture.review.submit({ label: car }), 28],
      [() => capture.attribute.submit(car), 29],
      [() => capture.task.approve(), 33],
      [() => capture.task.reject({ comment: 'blurry' }), 34],
      [() => capture.consensus.approve(car), 35],
      [() => capture.consensus.unapprove(car), 36],
      [() => capture.consensus.reached({ labels: ['a', 'b'] }), 37],
    ];
    for (const [call, code] of calls) {
      const event = call() as { code: number | null } | undefined;
      expect(event?.code).toBe(code);
    }
    const tableCodes = new Set(
      Object.values(eventTypes)
        .map((t) => t.code)
        .filter((c) => (c !== null && c < 30) || (c !== null && c > 32)),
    );
    expect(new Set(tracker.events.map((e) => e.code))).toEqual(tableCodes);
  });

  test('editor-level figure, tag and review-status helpers', () => {
    const types = [
      capture.figure.create(car),
      capture.figure.update(car),
      capture.figure.disable(car),
      capture.figure.restore(car),
      capture.tag.attach({ tag: 'occluded', value: true, figure: 'inst-1' }),
      capture.tag.update({ tag: 'occluded', value: false, figure: 'inst-1' }),
      capture.tag.detach({ tag: 'occluded' }),
      capture.review.status({ item: 'img', status: 'accepted' }),
    ].map((e) => e?.type);
    expect(types).toEqual([
      'figure.created',
      'figure.updated',
      'figure.disabled',
      'figure.restored',
      'tag.attached',
      'tag.updated',
      'tag.detached',
      'item.review_status',
    ]);
    expect(tracker.ofType('tag.attached')[0]).toMatchObject({
      label: { id: 'inst-1' },
      payload: { tag: 'occluded', value: true },
    });
    expect(tracker.ofType('item.review_status')[0]).toMatchObject({
      context: { item: 'img' },
      payload: { status: 'accepted' },
    });
  });

  test('label, context and payload fields are carried; the open item is the default item', () => {
    capture.openItem('video-9', { project: 'p1' });
    const event = capture.label.edit({
      ...car,
      frame: 120,
      branch: 'annotator-2',
      workflowStage: 'stage-review',
      payload: { note: 'moved' },
    });
    expect(event).toMatchObject({
      type: 'label.edited',
      label: { id: 'inst-1', feature: 'feat-car', name: 'Car' },
      context: { item: 'video-9', project: 'p1', frame: 120, branch: 'annotator-2', workflowStage: 'stage-review' },
      payload: { note: 'moved' },
    });
    expect(capture.label.add({ id: 'x', item: 'other' })?.context.item).toBe('other');
    expect(capture.attribute.submit({ id: 'attr' })?.payload).toMatchObject({ subject: 'attribute' });
    expect(capture.review.reject({ label: car, comment: 'wrong class' })?.payload).toMatchObject({
      comment: 'wrong class',
    });
    expect(capture.task.submit({ task: 'task-4' })?.context.task).toBe('task-4');
  });
});

describe('time taken for a label', () => {
  test('runs from begin (first pointer down) to the commit', () => {
    capture.label.begin();
    vi.advanceTimersByTime(1_200);
    capture.label.begin(); // a second pointer down of the same drawing does not restart it
    vi.advanceTimersByTime(800);
    expect(capture.label.add(car)?.durationMs).toBe(2_000);
    // The draft is consumed: the next add without a begin has no time taken.
    expect(capture.label.add({ id: 'inst-2' })?.durationMs).toBeUndefined();
  });

  test('pauses while the tab is hidden', () => {
    capture.label.begin();
    vi.advanceTimersByTime(1_000);
    setHidden(true);
    vi.advanceTimersByTime(30_000);
    setHidden(false);
    vi.advanceTimersByTime(500);
    expect(capture.label.add(car)?.durationMs).toBe(1_500);
  });

  test('an edit is timed from its own begin, keyed by the instance id', () => {
    capture.label.begin('inst-1');
    vi.advanceTimersByTime(700);
    capture.label.begin(); // a new drawing elsewhere
    vi.advanceTimersByTime(300);
    expect(capture.label.edit(car)?.durationMs).toBe(1_000);
    expect(capture.label.add({ id: 'inst-5' })?.durationMs).toBe(300);
  });

  test('cancel drops the draft; an explicit durationMs wins', () => {
    capture.label.begin();
    vi.advanceTimersByTime(500);
    capture.label.cancel();
    expect(capture.label.add(car)?.durationMs).toBeUndefined();
    capture.label.begin();
    expect(capture.label.add({ ...car, durationMs: 42 })?.durationMs).toBe(42);
  });

  test('classification drafts are timed the same way', () => {
    capture.classification.begin('cls');
    vi.advanceTimersByTime(250);
    input();
    expect(capture.classification.add({ id: 'cls' })?.durationMs).toBe(250);
  });
});

test('a throwing tracker never reaches the editor', () => {
  const errors: unknown[] = [];
  const broken: Tracker = {
    track: () => {
      throw new Error('queue full');
    },
  };
  const c = attachCapture(broken, { storage: null, onError: (e) => errors.push(e) });
  expect(() => c.label.add(car)).not.toThrow();
  expect(() => c.openItem('a')).not.toThrow();
  expect(() => c.closeItem()).not.toThrow();
  expect(errors.length).toBeGreaterThanOrEqual(3);
  c.dispose();
});
