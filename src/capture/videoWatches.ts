import type { Tracker } from '../events/Tracker.js';
import { checkVideoOptions } from './captureSettings.js';
import type { ItemTimer } from './ItemTimer.js';
import type { ErrorSink } from './lib/safe.js';
import { watchVideoElement, type StallHook, type VideoWatch, type WatchVideoOptions } from './watchVideo.js';

/**
 * The capture layer's video watches: each feeds the open item's stalled time, and each sends
 * its `video.summary` as the item it was watched for closes (and when it stops).
 */
export function createVideoWatches(tracker: Tracker, timer: ItemTimer, onError: ErrorSink) {
  const watches = new Set<VideoWatch>();
  timer.onClose = () => watches.forEach((watch) => watch.summarize());
  let count = 0;
  return {
    watch(video: HTMLMediaElement, options: WatchVideoOptions = {}): () => void {
      // A wrong option is the integrator's mistake, thrown now like createTrail's.
      const settings = checkVideoOptions(options);
      const id = `video-${++count}`;
      // Stalls count for the open item only, unless the video names another; ending one always counts.
      const stall: StallHook = (source, stalled, at) => {
        if (!stalled || options.item === undefined || options.item === timer.item)
          timer.setStalled(`${id}:${source}`, stalled, at);
      };
      let watch: VideoWatch | undefined;
      try {
        watch = watchVideoElement(tracker, video, options, () => timer.context, onError, settings, stall);
      } catch (error) {
        onError(error);
      }
      if (!watch) return () => {};
      const inner = watch;
      watches.add(inner);
      return () => {
        watches.delete(inner);
        inner();
      };
    },
    stopAll(): void {
      watches.forEach((stop) => stop());
      watches.clear();
    },
  };
}
