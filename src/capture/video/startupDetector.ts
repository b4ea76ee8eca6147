import { frameAt } from '../lib/frames.js';
import type { VideoEmit } from './emitter.js';
import type { Playhead } from './playhead.js';

/** Startup time (Mux): from the play request to the first `playing`, reported once per source. */
export function startupDetector(ph: Playhead, emit: VideoEmit) {
  let requestedAt: number | undefined;
  return {
    play(now: number): void {
      if (!ph.hasPlayed && requestedAt === undefined) requestedAt = now;
    },
    playing(now: number): void {
      ph.playingAt = now;
      if (requestedAt !== undefined && !ph.hasPlayed) {
        const startFrame = frameAt(ph.time(), ph.fps);
        const ms = now - requestedAt;
        emit('video.startup', startFrame, { durationMs: Math.round(ms), startFrame }, ms);
      }
      requestedAt = undefined;
      ph.hasPlayed = true;
    },
    /** A pause or a new source cancels a pending startup. */
    cancel(): void {
      requestedAt = undefined;
    },
  };
}
