// Half a frame of tolerance: media times are the frame's presentation timestamp, which can
// sit a hair before the exact multiple of 1/fps after container rounding.
const FRAME_EPSILON = 0.5;

/** Frame index shown at media time `seconds` for a constant `fps` stream. */
export function frameAt(seconds: number, fps: number): number {
  if (!Number.isFinite(seconds) || !Number.isFinite(fps) || fps <= 0 || seconds <= 0) return 0;
  return Math.max(0, Math.floor(seconds * fps + 1e-6));
}

/** Frame index of a presented frame whose timestamp is `mediaTime` (rVFC metadata). */
export function frameOfPresented(mediaTime: number, fps: number): number {
  if (!Number.isFinite(mediaTime) || !Number.isFinite(fps) || fps <= 0 || mediaTime <= 0) return 0;
  return Math.max(0, Math.floor(mediaTime * fps + FRAME_EPSILON));
}
