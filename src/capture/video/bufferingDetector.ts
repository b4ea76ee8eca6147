import type { VideoEmit } from './emitter.js';
import type { Playhead } from './playhead.js';

/** Told when a rebuffering episode starts (`at` in the past: when the playhead stopped) and ends. */
export interface BufferingHooks {
  started(at: number): void;
  ended(at: number, ms: number): void;
}

interface Episode {
  readonly start: number;
  readonly startFrame: number;
  readonly stallTime: number;
  readonly waiting: boolean;
}

const NO_HOOKS: BufferingHooks = { started() {}, ended() {} };

/**
 * Rebuffering as Mux and hls.js detect it: a playhead that stops moving while playing, for
 * `minMs` or more (`waiting` alone is not trusted, it only says whether one came).
 */
export function bufferingDetector(ph: Playhead, emit: VideoEmit, minMs: number, hooks: BufferingHooks = NO_HOOKS) {
  let episode: Episode | undefined;
  let waitingAt: number | undefined;
  const end = (at: number, endedBy: string): void => {
    const e = episode;
    episode = undefined;
    waitingAt = undefined;
    if (!e) return;
    hooks.ended(at, at - e.start);
    const payload = { durationMs: Math.round(at - e.start), startFrame: e.startFrame, startTime: e.stallTime };
    emit('video.buffering', e.startFrame, { ...payload, endedBy, waiting: e.waiting }, at - e.start);
  };
  return {
    get active(): boolean {
      return episode !== undefined;
    },
    end,
    waiting(now: number): void {
      if (ph.hasPlayed) waitingAt = now;
    },
    /** One playhead sample (not taken while a seek runs: its waiting is the seek's). */
    sample(now: number, time: number, playing: boolean): void {
      if (!playing || !ph.hasPlayed) {
        if (episode) end(now, 'pause');
        ph.movedAt = now;
      } else if (time !== ph.prevTime) {
        // Playback moves: the restart happened when the playhead left the stalled position.
        const moved = ((time - ph.prevTime) / ph.rate()) * 1000;
        const restartedAt = Math.max(ph.prevAt, now - moved);
        const playingAt = ph.playingAt;
        if (episode)
          end(
            playingAt !== undefined && playingAt >= episode.start ? Math.min(playingAt, restartedAt) : restartedAt,
            'playing',
          );
        ph.movedAt = Math.min(now, ph.prevAt + moved);
        waitingAt = undefined;
      } else if (!episode && now - ph.movedAt >= minMs) {
        // movedAt is when the playhead reached its resting place, which `waiting` only approximates.
        episode = { start: ph.movedAt, startFrame: ph.frame, stallTime: time, waiting: waitingAt !== undefined };
        hooks.started(episode.start);
      }
    },
  };
}
