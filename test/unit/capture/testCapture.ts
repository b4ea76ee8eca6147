import { afterEach, beforeEach, expect, vi } from 'vitest';
import { attachCapture, type Capture } from '../../../src/capture/attachCapture.js';
import { createRecordingTracker, type RecordingTracker } from '../../support/recordingTracker.js';
import { installPageState } from './pageState.js';

/** The capture layer of one test and the tracker it records to. */
export interface TestCapture {
  readonly tracker: RecordingTracker;
  readonly capture: Capture;
}

/**
 * A new capture layer for each test of the file: fake timers, a visible and focused page, no
 * stored totals, and capture failures thrown. After each test it is disposed, and nothing it
 * tracked may have been refused. Hooks the file adds later run after its set-up and before its
 * disposal (Vitest runs `afterEach` hooks last registered first).
 */
export function useTestCapture(): TestCapture {
  const current = {} as { tracker: RecordingTracker; capture: Capture };
  beforeEach(() => {
    vi.useFakeTimers();
    installPageState();
    current.tracker = createRecordingTracker();
    current.capture = attachCapture(current.tracker, {
      storage: null,
      onError: (e) => {
        throw e;
      },
    });
  });
  afterEach(() => {
    current.capture.dispose();
    vi.useRealTimers();
    expect(current.tracker.refused).toEqual([]);
  });
  return current;
}
