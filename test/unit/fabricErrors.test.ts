// What connectFabric does with wrong arguments (throws at the call), with a labelOf that
// fails later (reported, never thrown into fabric), and on disconnect.
import { afterEach, expect, test, vi } from 'vitest';
import { useTestCapture } from './capture/testCapture.js';
import type { Capture } from '../../src/capture/attachCapture.js';
import { connectFabric } from '../../src/capture/fabric.js';
import type { FabricCanvasLike } from '../../src/capture/fabric.js';
import { TrailConfigError } from '../../src/TrailConfigError.js';
import { fakeCanvas, key, labelOf, settle, type FakeObject } from './fabricFakeCanvas.js';

const setup = useTestCapture();
afterEach(() => {
  vi.restoreAllMocks();
});

/** The TrailConfigError `call` throws, as `[option, problem]`. */
function configError(call: () => unknown): [string, string] {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(TrailConfigError);
    return [(error as TrailConfigError).option, (error as TrailConfigError).problem];
  }
  throw new Error('did not throw');
}

const anyCanvas = (value: unknown) => value as FabricCanvasLike;

test('something that is not a Fabric canvas is refused at the call, naming it', () => {
  const options = { labelOf };
  for (const canvas of [null, undefined, 42, 'canvas', {}, { on() {} }, { on: 1, off() {} }]) {
    expect(configError(() => connectFabric(setup.capture, anyCanvas(canvas), options))[0]).toBe('canvas');
  }
  const element = document.createElement('canvas');
  const [option, problem] = configError(() => connectFabric(setup.capture, anyCanvas(element), options));
  expect(option).toBe('canvas');
  expect(problem).toMatch(/DOM element/);
});

test('a missing or wrong labelOf, onError or windowMs is refused at the call, naming it', () => {
  const canvas = fakeCanvas();
  const connect = (options: unknown) => () =>
    connectFabric(setup.capture, canvas, options as { labelOf: typeof labelOf });
  expect(configError(connect(undefined))[0]).toBe('fabric');
  expect(configError(connect({}))[0]).toBe('fabric.labelOf');
  expect(configError(connect({ labelOf: 'labelId' }))[0]).toBe('fabric.labelOf');
  expect(configError(connect({ labelOf, onError: true }))[0]).toBe('fabric.onError');
  expect(configError(connect({ labelOf, windowMs: 0 }))[0]).toBe('fabric.windowMs');
  expect(configError(connect({ labelOf, windowMs: Number.NaN }))[0]).toBe('fabric.windowMs');
  expect(configError(() => connectFabric({} as Capture, canvas, { labelOf }))[0]).toBe('trail');
  expect(configError(() => connectFabric(null as unknown as Capture, canvas, { labelOf }))[0]).toBe('trail');
  expect(canvas.listeners()).toBe(0); // nothing was wired by a refused call
});

test('labelOf throwing or answering in another shape goes to onError; fabric never sees a throw', async () => {
  const errors: unknown[] = [];
  const canvas = fakeCanvas();
  const answers: Record<string, unknown> = {
    throws: undefined,
    number: { id: 42 },
    empty: { id: '' },
    text: 'box-1',
    badName: { id: 'n', name: 7 },
    good: { id: 'good', feature: 'car' },
  };
  connectFabric(setup.capture, canvas, {
    labelOf: (object: FakeObject) => {
      if (object.labelId === 'throws') throw new Error('host bug');
      return answers[object.labelId!] as { id: string };
    },
    onError: (error) => errors.push(error),
  });
  canvas.press();
  expect(() => Object.keys(answers).forEach((labelId) => canvas.add({ labelId }))).not.toThrow();
  canvas.release();
  await settle();
  expect(errors.map(String)).toEqual([
    'Error: host bug',
    expect.stringMatching(/TypeError: .*labelOf must return .*got id 42/),
    expect.stringMatching(/got id "", not a non-empty string/),
    expect.stringMatching(/got "box-1"/),
    expect.stringMatching(/got name 7/),
  ]);
  // The bad answers cost only their own objects.
  expect(setup.tracker.ofType('label.added').map((e) => e.label)).toEqual([{ id: 'good', feature: 'car' }]);
});

test('an onError that throws too stays inside the adapter', async () => {
  const canvas = fakeCanvas();
  connectFabric(setup.capture, canvas, {
    labelOf: () => {
      throw new Error('host bug');
    },
    onError: () => {
      throw new Error('sink bug');
    },
  });
  expect(() => {
    canvas.press({ labelId: 'x' });
    canvas.modified({ labelId: 'x' }, 'drag');
    canvas.release();
  }).not.toThrow();
  await settle();
  expect(setup.tracker.events).toEqual([]);
});

test("onError defaults to console.warn with the adapter's name", async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const canvas = fakeCanvas();
  connectFabric(setup.capture, canvas, { labelOf: () => ({ id: 7 }) as unknown as { id: string } });
  key('Delete');
  canvas.objects.push({});
  canvas.remove(canvas.objects[0]!);
  await settle();
  expect(warn).toHaveBeenCalledWith('labeltrail fabric:', expect.any(TypeError));
});

test('disconnect removes every listener and drops what is under way; a second call does nothing', async () => {
  const canvas = fakeCanvas();
  const remove = vi.spyOn(document, 'removeEventListener');
  const disconnect = connectFabric(setup.capture, canvas, { labelOf });
  expect(canvas.listeners()).toBe(6);
  canvas.press();
  canvas.add({ labelId: 'drawn' });
  disconnect();
  disconnect();
  expect(canvas.listeners()).toBe(0);
  expect(remove.mock.calls.map(([type]) => type).sort()).toEqual(['keydown', 'pointerdown', 'pointerup']);
  canvas.release();
  key('Delete');
  canvas.remove(canvas.objects[0]!);
  await settle();
  expect(setup.tracker.events).toEqual([]);
  // The press's draft was dropped with it: a later add is not timed from that press.
  vi.advanceTimersByTime(1_000);
  setup.capture.label.add({ id: 'manual' });
  expect(setup.tracker.ofType('label.added')[0]!.durationMs).toBeUndefined();
});
