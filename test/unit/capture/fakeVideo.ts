// A <video> element whose media state the test controls: jsdom has no media pipeline, so
// paused/currentTime/readyState are stubbed and the media events are dispatched by hand.
import { vi } from 'vitest';

export interface FakeVideo {
  readonly element: HTMLVideoElement;
  state: {
    paused: boolean;
    ended: boolean;
    currentTime: number;
    playbackRate: number;
    readyState: number;
    videoWidth: number;
    videoHeight: number;
    dropped: number;
    total: number;
  };
  fire(type: string): void;
  /** Advances fake time by `ms` in 10 ms steps; the playhead moves when `moving`. */
  run(ms: number, moving: boolean): void;
  /** Starts playback as a browser would: play, then playing once data is there. */
  play(): void;
  /** Sets currentTime and dispatches `seeking`, as assigning currentTime does. */
  seek(to: number): void;
}

export function createFakeVideo(): FakeVideo {
  const element = document.createElement('video');
  const state = {
    paused: true,
    ended: false,
    currentTime: 0,
    playbackRate: 1,
    readyState: 4,
    videoWidth: 1280,
    videoHeight: 720,
    dropped: 0,
    total: 0,
  };
  for (const key of ['paused', 'ended', 'readyState', 'videoWidth', 'videoHeight'] as const) {
    Object.defineProperty(element, key, { configurable: true, get: () => state[key] });
  }
  for (const key of ['currentTime', 'playbackRate'] as const) {
    Object.defineProperty(element, key, {
      configurable: true,
      get: () => state[key],
      set: (value: number) => (state[key] = value),
    });
  }
  element.getVideoPlaybackQuality = () =>
    ({
      droppedVideoFrames: state.dropped,
      totalVideoFrames: state.total,
      creationTime: performance.now(),
    }) as VideoPlaybackQuality;
  const fire = (type: string) => element.dispatchEvent(new Event(type));
  return {
    element,
    state,
    fire,
    run(ms, moving) {
      for (let t = 0; t < ms; t += 10) {
        if (moving) {
          state.currentTime = Math.round((state.currentTime + 0.01 * state.playbackRate) * 1000) / 1000;
          state.total += 1;
        }
        vi.advanceTimersByTime(10);
      }
    },
    play() {
      state.paused = false;
      fire('play');
      fire('playing');
    },
    seek(to) {
      state.currentTime = to;
      fire('seeking');
    },
  };
}
