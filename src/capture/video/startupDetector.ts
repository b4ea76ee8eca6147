import { frameAt } from '../lib/frames.js';
import type { VideoEmit } from './emitter.js';
import type { FrameMetadata, Playhead } from './playhead.js';

/**
 * Startup time (Mux): from the play request to the first frame with the playhead moving,
 * reported once per source. `playing` alone does not end it: a play request answered by a
 * frame already on screen (a paused, preloaded or seeked video) fires `playing` at once,
 * which used to be reported as a startup of 0 ms.
 */
export function startupDetector(ph: Playhead, emit: VideoEmit, onStartup: (ms: number) => void = () => {}) {
  let requestedAt: number | undefined;
  let fromTime = 0;
  const moved = (at: number): void => {
    if (requestedAt === undefined) return;
    const ms = Math.max(0, at - requestedAt);
    requestedAt = undefined;
    // Where playback started from: the frame on screen at the request.
    const startFrame = frameAt(fromTime, ph.fps);
    emit('video.startup', startFrame, { durationMs: Math.round(ms), startFrame }, ms);
    onStartup(ms);
  };
  return {
    /** A play request is waiting for the playhead to move. */
    get pending(): boolean {
      return requestedAt !== undefined;
    },
    play(now: number): void {
      if (ph.hasPlayed || requestedAt !== undefined) return;
      requestedAt = now;
      fromTime = ph.time();
    },
    playing(now: number): void {
      ph.playingAt = now;
      ph.hasPlayed = true;
    },
    /** A playhead sample: the first one past the requested position ends startup when it left it. */
    sample(now: number, time: number, playing: boolean): void {
      if (requestedAt === undefined || !playing || time === fromTime) return;
      moved(Math.max(ph.prevAt, now - ((time - ph.prevTime) / ph.rate()) * 1000));
    },
    /** A presented frame (requestVideoFrameCallback): a new media time on screen ends startup. */
    frame(now: number, metadata: FrameMetadata): void {
      if (requestedAt === undefined || metadata.mediaTime === fromTime || !ph.playing()) return;
      const shown = Number.isFinite(metadata.expectedDisplayTime) ? metadata.expectedDisplayTime! : now;
      moved(Math.max(requestedAt, shown));
    },
    /** A pause or a new source cancels a pending startup. */
    cancel(): void {
      requestedAt = undefined;
    },
  };
}
