import type { VideoEmit } from './emitter.js';
import { read } from './playhead.js';

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The median of `values` (sorted in place); undefined when there are none. */
function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid] : (values[mid - 1]! + values[mid]!) / 2;
}

/**
 * Collects a watched video's quality of experience and reports it as one `video.summary`
 * when its item closes or the watcher stops: startup time, rebuffer count and ratio (stall
 * time ÷ (playing + stall) time, Mux's rebuffer percentage), seeks with their latency
 * (single-frame steps are editing, not waiting, and are left out), dropped-frame ratio.
 */
export function summaryStats(video: HTMLVideoElement, emit: VideoEmit) {
  const frames = () =>
    read(() => {
      const q = typeof video.getVideoPlaybackQuality === 'function' ? video.getVideoPlaybackQuality() : undefined;
      return q ? { dropped: q.droppedVideoFrames, total: q.totalVideoFrames } : undefined;
    }, undefined);
  let startupMs: number | undefined;
  let playingMs = 0;
  let rebufferMs = 0;
  let rebuffers = 0;
  let seeks: number[] = [];
  let errors = 0;
  let requested = false;
  let base = frames();

  return {
    requested(): void {
      requested = true;
    },
    startup(ms: number): void {
      startupMs ??= ms;
    },
    /** Time the playhead was sampled playing (rebuffering inside it is taken out at the end). */
    playing(ms: number): void {
      playingMs += ms;
    },
    rebuffer(ms: number): void {
      rebuffers += 1;
      rebufferMs += ms;
    },
    seek(ms: number): void {
      seeks.push(ms);
    },
    error(): void {
      errors += 1;
    },
    /** Emits the summary of everything since the last one, if anything was watched. */
    flush(frame: number): void {
      if (!requested && playingMs === 0 && seeks.length === 0 && errors === 0) return;
      const playing = Math.max(0, playingMs - rebufferMs);
      const watched = playing + rebufferMs;
      const now = frames();
      const dropped = now && base ? { d: now.dropped - base.dropped, t: now.total - base.total } : undefined;
      const p50 = median(seeks);
      emit('video.summary', frame, {
        ...(startupMs === undefined ? {} : { startupMs: Math.round(startupMs) }),
        playingMs: Math.round(playing),
        rebufferCount: rebuffers,
        rebufferMs: Math.round(rebufferMs),
        rebufferRatio: watched > 0 ? round3(rebufferMs / watched) : 0,
        seekCount: seeks.length,
        ...(p50 === undefined ? {} : { seekP50Ms: Math.round(p50), seekMaxMs: Math.round(Math.max(...seeks)) }),
        ...(dropped && dropped.t > 0
          ? { droppedFrames: dropped.d, totalFrames: dropped.t, droppedRatio: round3(dropped.d / dropped.t) }
          : {}),
        errors,
      });
      startupMs = undefined;
      playingMs = rebufferMs = rebuffers = errors = 0;
      seeks = [];
      requested = false;
      base = now;
    },
  };
}
