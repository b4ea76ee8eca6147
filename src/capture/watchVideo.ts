import type { Tracker } from '../events/Tracker.js';
import type { ItemTime } from './ItemTime.js';
import { guard } from './lib/safe.js';
import type { StallHook } from './video/detectors.js';
import { checkVideoOptions, type WatchVideoOptions } from './video/videoOptions.js';
import { watchVideoElement } from './video/watchElement.js';

export type { HlsLike, WatchVideoOptions } from './video/videoOptions.js';
export type { HlsEventData } from './video/listenHls.js';
export type { ItemTime, ItemTimeListener } from './ItemTime.js';

/** What `watchVideo` needs of a trail: `track`, and time in tool's extension point. */
export interface VideoTrail extends Pick<Tracker, 'track'> {
  readonly itemTime: ItemTime;
}

// Element names for the stall and playback sources of time in tool, unique per page.
let watched = 0;

/**
 * Watches one `<video>` (or `<audio>`) element for the trail: emits `video.startup`,
 * `video.buffering`, `video.seeking`, `video.bitrate_warning`, `video.error`, and a
 * `video.summary` as the item it was watched for closes. Its stalls are the open item's
 * stalled time and playback the user started counts as their attention (`trail.itemTime`).
 * Returns the function that stops watching; the trail's `close()` stops it too. A wrong option
 * throws a `TrailConfigError` naming it; nothing else ever throws.
 *
 * @example
 * import { watchVideo } from 'labeltrail/video';
 * const stop = watchVideo(trail, videoElement, { fps: 25 });
 */
export function watchVideo(trail: VideoTrail, video: HTMLMediaElement, options: WatchVideoOptions = {}): () => void {
  const settings = checkVideoOptions(options);
  const time = trail.itemTime;
  const onError = options.onError ?? ((error: unknown) => time.report(error));
  const id = `video-${++watched}`;
  // Stalls count for the open item only, unless the video names another; ending one always counts.
  const stall: StallHook = (source, stalled, at) => {
    if (!stalled || options.item === undefined || options.item === time.item)
      time.stalled(`${id}:${source}`, stalled, at);
  };
  const playback = (playing: boolean, at: number) => time.playback(id, playing, at);
  const hooks = { context: () => time.context, onError, stall, playback };
  const inner = guard(onError, () => watchVideoElement(trail, video, options, settings, hooks))();
  if (!inner) return () => {};
  const unlisten = time.listen({ itemClosing: () => inner.summarize(), closing: () => stop() });
  const stop = () => {
    unlisten();
    inner();
  };
  return stop;
}
