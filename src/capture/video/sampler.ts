import { frameAt } from '../lib/frames.js';
import type { Detectors } from './detectors.js';
import type { Playhead } from './playhead.js';

/**
 * The playhead sampler: one sample per poll, to whichever detector it belongs to (a running
 * seek, a startup still waiting for the first moving frame, else buffering), then quality.
 */
export function samplePlayhead(ph: Playhead, d: Detectors, now: number): void {
  const time = ph.time();
  const playing = ph.playing();
  if (!ph.frameCallback && !d.seek.active) ph.frame = frameAt(time, ph.fps);
  if (playing && ph.hasPlayed && !d.seek.active) d.summary.playing(now - ph.prevAt);
  d.startup.sample(now, time, playing);
  if (d.seek.active) d.seek.check(now);
  // Until the first frame moves, the wait is startup's, not rebuffering.
  else if (d.startup.pending) ph.movedAt = now;
  else d.buffering.sample(now, time, playing);
  ph.prevAt = now;
  ph.prevTime = time;
  d.quality.sample(now, playing);
}
