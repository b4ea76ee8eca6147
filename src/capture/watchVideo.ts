import type { EventContext } from '../events/schema.js';
import type { TrackFields, Tracker } from '../events/Tracker.js';
import type { EventType } from '../events/taxonomy.js';
import { checkVideoOptions, type VideoSettings } from './captureSettings.js';
import { frameAt, frameOfPresented } from './lib/frames.js';
import { guard, listen, monoNow, type ErrorSink } from './lib/safe.js';

/** hls.js `Events.LEVEL_SWITCHED`: the level now being rendered (not merely requested). */
const HLS_LEVEL_SWITCHED = 'hlsLevelSwitched';

// Without a frame callback after a seek (tab hidden, decoder gone) the seek still ends.
const SEEK_SHOWN_FALLBACK_MS = 1_000;

/**
 * The part of an hls.js instance `watchVideo` uses, so hls.js is never imported: pass the
 * `Hls` object you created and its rendered level switches become bitrate data.
 */
export interface HlsLike {
  on(event: string, listener: (event: string, data: { level: number }) => void): void;
  off(event: string, listener: (event: string, data: { level: number }) => void): void;
  readonly levels?: ReadonlyArray<{ readonly bitrate?: number; readonly width?: number; readonly height?: number }>;
}

/** Options of `watchVideo`; every threshold has a named default in `defaults.ts`. */
export interface WatchVideoOptions {
  /** Frames per second of the video, for frame numbers when no frame metadata exists. */
  readonly fps?: number;
  /** An hls.js instance playing into this element, for rendered bitrate switches. */
  readonly hls?: HlsLike;
  /** Item id of the video; defaults to the open item. */
  readonly item?: string;
  /** Extra context for every event of this video. */
  readonly context?: Partial<EventContext>;
  /** Playhead polling period, ms. */
  readonly pollMs?: number;
  /** A still playhead counts as buffering after this long, ms. */
  readonly bufferingMinMs?: number;
  /** Seeks within this long after the previous one settled merge into one event, ms. */
  readonly seekMergeMs?: number;
  /** Rendered bitrate (bits/s) below which a sustained period is a warning; off when absent. */
  readonly bitrateFloor?: number;
  /** How long the bitrate must stay below the floor, ms. */
  readonly bitrateFloorMs?: number;
  /** Dropped-frame ratio above which a window is a warning (0–1). */
  readonly droppedRatio?: number;
  /** Dropped-frame judging window, ms. */
  readonly droppedWindowMs?: number;
  /** Fewest frames in a window to judge it. */
  readonly droppedMinFrames?: number;
}

interface Buffering {
  readonly start: number;
  readonly startFrame: number;
  readonly stallTime: number;
  readonly waiting: boolean;
  confirmed: boolean;
}

interface Seek {
  readonly start: number;
  readonly fromFrame: number;
  readonly fromTime: number;
  toTime: number;
  count: number;
  seekedAt?: number;
  seekedTime?: number;
  shownAt?: number;
  shownFrame?: number;
  settledAt?: number;
  mergeTimer?: ReturnType<typeof setTimeout>;
}

interface FrameMetadata {
  readonly mediaTime: number;
  readonly expectedDisplayTime?: number;
}

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?(cb: (now: number, metadata: FrameMetadata) => void): number;
  cancelVideoFrameCallback?(handle: number): void;
};

/**
 * Watches one `<video>` (or `<audio>`) element and emits `video.startup`, `video.buffering`,
 * `video.seeking` and `video.bitrate_warning`. Returns the function that stops watching.
 * Never throws into the page: failures go to `onError`.
 */
export function watchVideoElement(
  tracker: Tracker,
  media: HTMLMediaElement,
  options: WatchVideoOptions = {},
  baseContext: () => Partial<EventContext> | undefined = () => undefined,
  onError: ErrorSink = () => {},
  settings: VideoSettings = checkVideoOptions(options),
): () => void {
  const video = media as FrameCallbackVideo;
  const { fps, pollMs, bufferingMinMs, seekMergeMs, droppedRatio, droppedWindowMs, droppedMinFrames } = settings;
  const floorMs = settings.bitrateFloorMs;
  const hasFrameCallback = typeof video.requestVideoFrameCallback === 'function';

  const read = <T>(get: () => T, fallback: T): T => {
    try {
      return get();
    } catch {
      return fallback;
    }
  };
  const currentTime = () => read(() => (Number.isFinite(video.currentTime) ? video.currentTime : 0), 0);
  // A playback rate of 0 holds the playhead on purpose; that is not buffering.
  const isPlaying = () => read(() => !video.paused && !video.ended && video.playbackRate !== 0, false);
  const rate = () => read(() => (video.playbackRate > 0 ? video.playbackRate : 1), 1);

  const emit = (type: EventType, frame: number | undefined, payload: Record<string, unknown>, durationMs?: number) => {
    const context: Partial<EventContext> = { ...baseContext(), ...options.context };
    if (options.item !== undefined) context.item = options.item;
    if (frame !== undefined) context.frame = frame;
    const fields: TrackFields = { context, payload };
    try {
      tracker.track(
        type,
        durationMs === undefined ? fields : { ...fields, durationMs: Math.max(0, Math.round(durationMs)) },
      );
    } catch (error) {
      onError(error);
    }
  };

  // Playhead observations.
  let prevAt = monoNow();
  let prevTime = currentTime();
  let movedAt = prevAt;
  let lastFrame = frameAt(prevTime, fps);
  let waitingAt: number | undefined;
  let playingAt: number | undefined;
  let buffering: Buffering | undefined;
  let seek: Seek | undefined;
  let hasPlayed = read(() => !video.paused && video.readyState >= 3 && video.currentTime > 0, false);
  let startupAt: number | undefined;

  // Bitrate and quality.
  let bitrate: number | undefined;
  let belowSince: number | undefined;
  let belowWarned = false;
  let lastWidth = read(() => (video as HTMLVideoElement).videoWidth ?? 0, 0);
  let lastHeight = read(() => (video as HTMLVideoElement).videoHeight ?? 0, 0);
  let qualityAt = monoNow();
  let quality = readQuality();

  function readQuality(): { dropped: number; total: number } | undefined {
    return read(() => {
      const q = typeof video.getVideoPlaybackQuality === 'function' ? video.getVideoPlaybackQuality() : undefined;
      return q ? { dropped: q.droppedVideoFrames, total: q.totalVideoFrames } : undefined;
    }, undefined);
  }

  const endBuffering = (end: number, endedBy: string) => {
    const episode = buffering;
    buffering = undefined;
    waitingAt = undefined;
    if (!episode?.confirmed) return;
    emit(
      'video.buffering',
      episode.startFrame,
      {
        durationMs: Math.round(end - episode.start),
        startFrame: episode.startFrame,
        startTime: episode.stallTime,
        endedBy,
        waiting: episode.waiting,
      },
      end - episode.start,
    );
  };

  const emitSeek = () => {
    const done = seek;
    if (!done) return;
    seek = undefined;
    clearTimeout(done.mergeTimer);
    const shownAt = done.shownAt ?? done.seekedAt ?? monoNow();
    // The target is the frame holding the seek time; while playing, the first frame shown
    // may already be a later one, which is reported apart.
    const toFrame = frameAt(done.seekedTime ?? done.toTime, fps);
    // Where the playhead now is, even if no frame callback confirmed it (a paused seek
    // need not present a new frame): the next seek starts from here.
    lastFrame = done.shownFrame ?? toFrame;
    emit(
      'video.seeking',
      toFrame,
      {
        fromFrame: done.fromFrame,
        toFrame,
        durationMs: Math.round(shownAt - done.start),
        settleMs: Math.round((done.settledAt ?? shownAt) - done.start),
        ...(done.shownFrame !== undefined ? { shownFrame: done.shownFrame } : {}),
        fromTime: done.fromTime,
        toTime: done.seekedTime ?? done.toTime,
        seeks: done.count,
      },
      shownAt - done.start,
    );
  };

  // A seek is over once its target frame is on screen and, if playing, the playhead moves again:
  // any waiting in between is the seek's, not rebuffering.
  const checkSeekSettled = (now: number) => {
    const s = seek;
    if (!s || s.seekedAt === undefined || s.settledAt !== undefined) return;
    if (s.shownAt === undefined) {
      if (hasFrameCallback && now - s.seekedAt < SEEK_SHOWN_FALLBACK_MS) return;
      s.shownAt = s.seekedAt;
    }
    if (isPlaying() && currentTime() === s.seekedTime) return;
    s.settledAt = isPlaying() ? Math.max(s.shownAt, now) : s.shownAt;
    prevAt = now;
    prevTime = currentTime();
    movedAt = now;
    s.mergeTimer = setTimeout(guard(onError, emitSeek), seekMergeMs);
  };

  const tick = () => {
    const now = monoNow();
    const time = currentTime();
    const playing = isPlaying();
    if (!hasFrameCallback && !seek) lastFrame = frameAt(time, fps);
    if (seek) {
      checkSeekSettled(now);
    } else if (!playing || !hasPlayed) {
      if (buffering) endBuffering(now, 'pause');
      movedAt = now;
    } else if (time !== prevTime) {
      // Playback moves: the restart happened when the playhead left the stalled position.
      const restartedAt = Math.max(prevAt, now - ((time - prevTime) / rate()) * 1000);
      if (buffering)
        endBuffering(
          playingAt !== undefined && playingAt >= buffering.start ? Math.min(playingAt, restartedAt) : restartedAt,
          'playing',
        );
      movedAt = Math.min(now, prevAt + ((time - prevTime) / rate()) * 1000);
      waitingAt = undefined;
    } else if (!buffering && now - movedAt >= bufferingMinMs) {
      // movedAt is when the playhead reached its resting place, which `waiting` only approximates.
      buffering = {
        start: movedAt,
        startFrame: lastFrame,
        stallTime: time,
        waiting: waitingAt !== undefined,
        confirmed: true,
      };
    }
    prevAt = now;
    prevTime = time;
    checkBitrateFloor(now, playing);
    checkDropped(now);
  };

  const checkBitrateFloor = (now: number, playing: boolean) => {
    if (options.bitrateFloor === undefined || bitrate === undefined || !playing) return;
    if (bitrate >= options.bitrateFloor) {
      belowSince = undefined;
      belowWarned = false;
      return;
    }
    belowSince ??= now;
    if (!belowWarned && now - belowSince >= floorMs) {
      belowWarned = true;
      emit('video.bitrate_warning', lastFrame, {
        reason: 'below_floor',
        bitrate,
        floor: options.bitrateFloor,
        sustainedMs: Math.round(now - belowSince),
      });
    }
  };

  const checkDropped = (now: number) => {
    if (now - qualityAt < droppedWindowMs) return;
    const next = readQuality();
    if (next && quality) {
      const dropped = next.dropped - quality.dropped;
      const total = next.total - quality.total;
      if (total >= droppedMinFrames && dropped / total > droppedRatio) {
        emit('video.bitrate_warning', lastFrame, {
          reason: 'dropped_frames',
          droppedFrames: dropped,
          totalFrames: total,
          ratio: Math.round((dropped / total) * 1000) / 1000,
          threshold: droppedRatio,
          windowMs: Math.round(now - qualityAt),
        });
      }
    }
    quality = next;
    qualityAt = now;
  };

  const onSeeking = () => {
    const now = monoNow();
    if (buffering) endBuffering(now, 'seek');
    waitingAt = undefined;
    const target = currentTime();
    if (seek) {
      // A re-seek (still running, or within the merge window): one scrub, one event.
      clearTimeout(seek.mergeTimer);
      seek.mergeTimer = undefined;
      seek.toTime = target;
      seek.count += 1;
      seek.seekedAt = seek.seekedTime = seek.shownAt = seek.shownFrame = seek.settledAt = undefined;
      return;
    }
    seek = {
      start: now,
      fromFrame: lastFrame,
      fromTime: Math.round((lastFrame / fps) * 1000) / 1000,
      toTime: target,
      count: 1,
    };
  };

  const onSeeked = () => {
    if (!seek) return;
    seek.seekedAt = monoNow();
    seek.seekedTime = currentTime();
    checkSeekSettled(seek.seekedAt);
  };

  const onFrame = (now: number, metadata: FrameMetadata) => {
    const frame = frameOfPresented(metadata.mediaTime, fps);
    lastFrame = frame;
    if (seek && seek.shownAt === undefined) {
      const target = seek.seekedTime ?? seek.toTime;
      if (Math.abs(metadata.mediaTime - target) <= 1.5 / fps) {
        // expectedDisplayTime is when the frame reaches the screen, on performance.now()'s clock.
        const displayed = Number.isFinite(metadata.expectedDisplayTime) ? metadata.expectedDisplayTime! : now;
        seek.shownAt = Math.max(seek.start, displayed);
        seek.shownFrame = frame;
        if (seek.seekedAt !== undefined) checkSeekSettled(monoNow());
      }
    }
  };

  let frameHandle: number | undefined;
  const requestFrame = () => {
    if (!hasFrameCallback) return;
    frameHandle = read(
      () =>
        video.requestVideoFrameCallback!(
          guard(onError, (now: number, metadata: FrameMetadata) => {
            onFrame(now, metadata);
            requestFrame();
          }),
        ),
      undefined,
    );
  };

  const onPlay = () => {
    if (!hasPlayed && startupAt === undefined) startupAt = monoNow();
  };
  const onPlaying = () => {
    const now = monoNow();
    playingAt = now;
    if (startupAt !== undefined && !hasPlayed) {
      const startFrame = frameAt(currentTime(), fps);
      emit('video.startup', startFrame, { durationMs: Math.round(now - startupAt), startFrame }, now - startupAt);
    }
    startupAt = undefined;
    hasPlayed = true;
    if (!buffering) movedAt = now;
  };
  const onWaiting = () => {
    if (!seek && hasPlayed) waitingAt = monoNow();
  };
  const onPause = () => {
    if (buffering) endBuffering(monoNow(), 'pause');
    startupAt = undefined;
  };
  const onReset = () => {
    if (buffering) endBuffering(monoNow(), 'source');
    if (seek) emitSeek();
    hasPlayed = false;
    startupAt = undefined;
    bitrate = undefined;
    lastWidth = lastHeight = 0;
  };
  const onResize = () => {
    const width = read(() => (video as HTMLVideoElement).videoWidth ?? 0, 0);
    const height = read(() => (video as HTMLVideoElement).videoHeight ?? 0, 0);
    if (!options.hls && lastHeight > 0 && height > 0 && height < lastHeight) {
      emit('video.bitrate_warning', lastFrame, {
        reason: 'downswitch',
        fromWidth: lastWidth,
        fromHeight: lastHeight,
        width,
        height,
      });
    }
    lastWidth = width;
    lastHeight = height;
  };
  const onLevelSwitched = (_event: string, data: { level: number }) => {
    const level = options.hls?.levels?.[data.level];
    const next = level?.bitrate;
    if (next === undefined) return;
    if (bitrate !== undefined && next < bitrate) {
      emit('video.bitrate_warning', lastFrame, {
        reason: 'downswitch',
        level: data.level,
        fromBitrate: bitrate,
        bitrate: next,
        ...(level?.height ? { height: level.height } : {}),
      });
    }
    bitrate = next;
  };

  const removers = [
    listen(video, 'play', guard(onError, onPlay)),
    listen(video, 'playing', guard(onError, onPlaying)),
    listen(video, 'waiting', guard(onError, onWaiting)),
    listen(video, 'pause', guard(onError, onPause)),
    listen(video, 'seeking', guard(onError, onSeeking)),
    listen(video, 'seeked', guard(onError, onSeeked)),
    listen(video, 'emptied', guard(onError, onReset)),
    listen(video, 'resize', guard(onError, onResize)),
  ];
  const levelListener = guard(onError, onLevelSwitched) as (event: string, data: { level: number }) => void;
  try {
    options.hls?.on(HLS_LEVEL_SWITCHED, levelListener);
  } catch (error) {
    onError(error);
  }
  const interval = setInterval(guard(onError, tick), pollMs);
  requestFrame();

  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    try {
      clearInterval(interval);
      removers.forEach((remove) => remove());
      if (frameHandle !== undefined) video.cancelVideoFrameCallback?.(frameHandle);
      options.hls?.off(HLS_LEVEL_SWITCHED, levelListener);
      if (buffering) endBuffering(monoNow(), 'stop');
      if (seek) emitSeek();
    } catch (error) {
      onError(error);
    }
  };
}
