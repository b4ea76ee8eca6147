import { TIMER_MAX_MS } from '../defaults.js';

/**
 * `setTimeout` with its delay clamped to the timer's range: browsers run a delay over
 * 2³¹−1 ms at once (HTML §8.6 "timer initialisation steps" convert it to a 32-bit integer),
 * and a negative or NaN one as 0.
 */
export function later(fn: () => void, delayMs: number): ReturnType<typeof setTimeout> {
  return setTimeout(fn, Math.min(TIMER_MAX_MS, Math.max(0, delayMs || 0)));
}
