import type { VideoEmit } from './emitter.js';
import { read, type Playhead } from './playhead.js';
import type { HlsLike, VideoSettings } from './videoOptions.js';

/**
 * Quality warnings (`video.bitrate_warning`): a rendered downswitch (hls.js level, or the
 * element's size where there is no hls.js), a bitrate below the floor for `bitrateFloorMs`,
 * and more dropped frames than `droppedRatio` over a `droppedWindowMs` window.
 */
export function qualityDetector(
  video: HTMLVideoElement,
  ph: Playhead,
  emit: VideoEmit,
  s: VideoSettings,
  hls: Pick<HlsLike, 'levels'> | undefined,
  now: number,
) {
  const warn = (payload: Record<string, unknown>) => emit('video.bitrate_warning', ph.frame, payload);
  const size = () => [read(() => video.videoWidth ?? 0, 0), read(() => video.videoHeight ?? 0, 0)] as const;
  const frames = () =>
    read(() => {
      const q = typeof video.getVideoPlaybackQuality === 'function' ? video.getVideoPlaybackQuality() : undefined;
      return q ? { dropped: q.droppedVideoFrames, total: q.totalVideoFrames } : undefined;
    }, undefined);
  let bitrate: number | undefined;
  let belowSince: number | undefined;
  let belowWarned = false;
  let [lastWidth, lastHeight] = size();
  let qualityAt = now;
  let quality = frames();

  const floor = (at: number, playing: boolean): void => {
    if (s.bitrateFloor === undefined || bitrate === undefined || !playing) return;
    if (bitrate >= s.bitrateFloor) {
      belowSince = undefined;
      belowWarned = false;
      return;
    }
    belowSince ??= at;
    if (belowWarned || at - belowSince < s.bitrateFloorMs) return;
    belowWarned = true;
    warn({ reason: 'below_floor', bitrate, floor: s.bitrateFloor, sustainedMs: Math.round(at - belowSince) });
  };
  const dropped = (at: number): void => {
    if (at - qualityAt < s.droppedWindowMs) return;
    const next = frames();
    if (next && quality) {
      const droppedFrames = next.dropped - quality.dropped;
      const totalFrames = next.total - quality.total;
      if (totalFrames >= s.droppedMinFrames && droppedFrames / totalFrames > s.droppedRatio) {
        const ratio = Math.round((droppedFrames / totalFrames) * 1000) / 1000;
        const windowMs = Math.round(at - qualityAt);
        warn({ reason: 'dropped_frames', droppedFrames, totalFrames, ratio, threshold: s.droppedRatio, windowMs });
      }
    }
    quality = next;
    qualityAt = at;
  };
  return {
    sample(at: number, playing: boolean): void {
      floor(at, playing);
      dropped(at);
    },
    resize(): void {
      const [width, height] = size();
      if (!hls && lastHeight > 0 && height > 0 && height < lastHeight)
        warn({ reason: 'downswitch', fromWidth: lastWidth, fromHeight: lastHeight, width, height });
      [lastWidth, lastHeight] = [width, height];
    },
    /** hls.js `LEVEL_SWITCHED`: the level now rendered (not merely requested). */
    level(index: number): void {
      const level = hls?.levels?.[index];
      const next = level?.bitrate;
      if (next === undefined) return;
      if (bitrate !== undefined && next < bitrate) {
        const height = level?.height ? { height: level.height } : {};
        warn({ reason: 'downswitch', level: index, fromBitrate: bitrate, bitrate: next, ...height });
      }
      bitrate = next;
    },
    reset(): void {
      bitrate = undefined;
      lastWidth = lastHeight = 0;
    },
  };
}
