// Behaviour 10: errors name what failed, share one base with a stable code, and their guards
// recognise errors from another copy of the library (an iframe's trail) as ky's guards do.
import { expect, test, vi } from 'vitest';
import { createTrail, type TrailOptions } from '../../src/createTrail.js';
import { TrailConfigError, isTrailConfigError } from '../../src/TrailConfigError.js';
import { TrailError, isTrailError } from '../../src/TrailError.js';
import { TrailInputError, isTrailInputError } from '../../src/events/TrailInputError.js';
import { TrailStorageError, isTrailStorageError } from '../../src/queue/TrailStorageError.js';
import { TrailDeliveryError, isTrailDeliveryError } from '../../src/delivery/TrailDeliveryError.js';
import { Deliverer } from '../../src/delivery/Deliverer.js';
import { MemoryQueue } from '../../src/queue/MemoryQueue.js';
import { attachCapture } from '../../src/capture/attachCapture.js';
import { watchVideo } from '../../src/capture/watchVideo.js';
import { createRecordingTracker } from '../support/recordingTracker.js';
import type { SendResult } from '../../src/delivery/Sender.js';
import type { TrailEvent } from '../../src/events/schema.js';

const base: TrailOptions = { endpoint: '/v1/logs', actor: { id: 'u-1' }, dbName: 'errors-test' };

test('10: every error class extends TrailError and carries a stable code', () => {
  const errors = [
    new TrailConfigError('batch.maxEvents', 'must not be negative'),
    new TrailInputError('payload', 'too big'),
    new TrailStorageError('write', new Error('quota')),
    new TrailDeliveryError(503, 'busy', 0),
    new TrailDeliveryError(400, 'bad', 2),
  ];
  for (const e of errors) expect(e).toBeInstanceOf(TrailError);
  expect(errors.map((e) => e.code)).toEqual([
    'invalid_option',
    'invalid_input',
    'storage_write',
    'send_failed',
    'rejected',
  ]);
  expect(errors.every(isTrailError)).toBe(true);
  expect(isTrailError(new Error('x'))).toBe(false);
});

test('10: the guards recognise errors of another copy of the library, where instanceof cannot', async () => {
  vi.resetModules();
  const other = {
    config: (await import('../../src/TrailConfigError.js')).TrailConfigError,
    input: (await import('../../src/events/TrailInputError.js')).TrailInputError,
    storage: (await import('../../src/queue/TrailStorageError.js')).TrailStorageError,
    delivery: (await import('../../src/delivery/TrailDeliveryError.js')).TrailDeliveryError,
  };
  expect(other.config).not.toBe(TrailConfigError);
  const config = new other.config('x', 'y');
  expect(config instanceof TrailConfigError).toBe(false);
  expect(isTrailConfigError(config)).toBe(true);
  expect(isTrailInputError(new other.input('f', 'p'))).toBe(true);
  expect(isTrailStorageError(new other.storage('open', 'x'))).toBe(true);
  expect(isTrailDeliveryError(new other.delivery(500, 'x', 0))).toBe(true);
  expect(isTrailDeliveryError(config)).toBe(false);
  expect(isTrailError(config)).toBe(true);
});

test('10: a zero or negative timeout or interval is a TrailConfigError naming the option', () => {
  const bad: [Partial<TrailOptions>, string][] = [
    [{ retry: { timeoutMs: 0 } }, 'retry.timeoutMs'],
    [{ retry: { baseMs: -1 } }, 'retry.baseMs'],
    [{ retry: { maxMs: 0 } }, 'retry.maxMs'],
    [{ batch: { maxBytes: 0 } }, 'batch.maxBytes'],
    [{ queue: { maxAgeMs: Number.NaN } }, 'queue.maxAgeMs'],
    [{ capture: { idleMs: 0 } }, 'capture.idleMs'],
    [{ capture: { heartbeatMs: -5 } }, 'capture.heartbeatMs'],
    [{ capture: { storageKey: '' } }, 'capture.storageKey'],
    [{ onError: 'log' as never }, 'onError'],
  ];
  for (const [options, option] of bad) {
    let thrown: unknown;
    try {
      createTrail({ ...base, ...options });
    } catch (error) {
      thrown = error;
    }
    expect(thrown, option).toBeInstanceOf(TrailConfigError);
    expect((thrown as TrailConfigError).option).toBe(option);
  }
});

test('10: watchVideo options are checked: pollMs 0 would make a zero-interval timer', () => {
  const tracker = createRecordingTracker();
  const capture = attachCapture(tracker, { storage: null });
  const trail = { track: tracker.track, itemTime: capture.itemTime };
  const video = document.createElement('video');
  const intervals = vi.spyOn(globalThis, 'setInterval');
  for (const [options, option] of [
    [{ pollMs: 0 }, 'watchVideo.pollMs'],
    [{ fps: -25 }, 'watchVideo.fps'],
    [{ droppedRatio: 2 }, 'watchVideo.droppedRatio'],
    [{ droppedWindowMs: 0 }, 'watchVideo.droppedWindowMs'],
    [{ bufferingMinMs: -1 }, 'watchVideo.bufferingMinMs'],
  ] as const) {
    expect(() => watchVideo(trail, video, options), option).toThrow(
      expect.objectContaining({ name: 'TrailConfigError', option }),
    );
  }
  expect(intervals).not.toHaveBeenCalled();
  capture.dispose();
});

test('10: a failed settle is reported as a write failure, a failed take as a read', async () => {
  const event = { id: 'e1', seq: 0, session: 's' } as TrailEvent;
  const queue = new MemoryQueue({ maxEvents: 10, maxBytes: 1e6, maxAgeMs: 1e9 });
  await queue.appendChunks([{ events: [event], bytes: 10 }], Date.now());
  vi.spyOn(queue, 'settle').mockRejectedValue(new DOMException('quota', 'QuotaExceededError'));
  const ok: SendResult = {
    ok: true,
    retry: false,
    status: 200,
    retryAfterMs: undefined,
    rejected: new Map(),
    rejectedUnnamed: 0,
    reason: undefined,
  };
  const broken = vi.fn();
  const options = { maxEvents: 10, maxBytes: 1e6, delayMs: 0, retryBaseMs: 1e6, retryMaxMs: 1e6 };
  const hooks = { settled: vi.fn(), failed: vi.fn(), inFlight: vi.fn(), broken };
  const deliverer = new Deliverer(queue, { send: async () => ok }, options, hooks, () => false);
  deliverer.setEnabled(true);
  await deliverer.drain();
  expect(broken).toHaveBeenCalledWith('write', expect.any(DOMException));
  vi.spyOn(queue, 'take').mockRejectedValue(new Error('gone'));
  broken.mockClear();
  await deliverer.stop();
  deliverer.resetBackoff();
  deliverer.setEnabled(true);
  await deliverer.drain();
  expect(broken.mock.calls.map((c) => c[0])).toEqual(['read']);
  await deliverer.stop();
  expect(new TrailStorageError('write', new Error('quota')).message).toMatch(/^IndexedDB write failed/);
});
