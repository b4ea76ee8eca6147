import type { ErrorSink } from '../lib/safe.js';
import { bufferingDetector } from './bufferingDetector.js';
import type { VideoEmit } from './emitter.js';
import { errorDetector } from './errorDetector.js';
import { qualityDetector } from './qualityDetector.js';
import type { FrameCallbackVideo, Playhead } from './playhead.js';
import { seekDetector } from './seekDetector.js';
import { startupDetector } from './startupDetector.js';
import { summaryStats } from './summaryStats.js';
import type { HlsLike, VideoSettings } from './videoOptions.js';

/** What a watcher tells the item timer: the video stalls (buffering, or a seek overlay) from `at`, or stops. */
export type StallHook = (source: 'buffering' | 'seek', stalled: boolean, at: number) => void;

/**
 * The detectors of one watched video, wired to each other: stalls and seek overlays go to the
 * stall hook (the item's stalledMs), and startup, rebuffering, seeks and errors to the summary.
 */
export function createDetectors(
  video: FrameCallbackVideo,
  ph: Playhead,
  emit: VideoEmit,
  settings: VideoSettings,
  hls: HlsLike | undefined,
  stall: StallHook,
  onError: ErrorSink,
  now: number,
) {
  const summary = summaryStats(video, emit);
  return {
    summary,
    startup: startupDetector(ph, emit, summary.startup),
    buffering: bufferingDetector(ph, emit, settings.bufferingMinMs, {
      started: (at) => stall('buffering', true, at),
      ended(at, ms) {
        stall('buffering', false, at);
        summary.rebuffer(ms);
      },
    }),
    seek: seekDetector(ph, emit, settings.seekMergeMs, onError, {
      started: (at) => stall('seek', true, at),
      settled: (at) => stall('seek', false, at),
      reported: (ms, step) => step || summary.seek(ms),
    }),
    quality: qualityDetector(video, ph, emit, settings, hls, now),
    errors: errorDetector(video, ph, emit, summary.error),
  };
}

export type Detectors = ReturnType<typeof createDetectors>;
