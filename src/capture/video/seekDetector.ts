import { frameAt, frameOfPresented } from '../lib/frames.js';
import { guard, monoNow, type ErrorSink } from '../lib/safe.js';
import type { VideoEmit } from './emitter.js';
import type { FrameMetadata, Playhead } from './playhead.js';

// Without a frame callback after a seek (tab hidden, decoder gone) the seek still ends.
const SEEK_SHOWN_FALLBACK_MS = 1_000;

// A frame presented this shortly before `seeking`, at the seek's target, was the seek's own:
// a few display frames, far less than any human gap between a click and the one before.
const EARLY_FRAME_MS = 100;

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

interface ShownFrame {
  readonly frame: number;
  readonly mediaTime: number;
  readonly at: number;
}

/** Told when a seek starts and settles (the seek overlay's time), and of each seek reported. */
export interface SeekHooks {
  started(at: number): void;
  settled(at: number): void;
  /** A reported seek and its latency; `step` when it moved one frame (a frame step). */
  reported(ms: number, step: boolean): void;
}

const NO_HOOKS: SeekHooks = { started() {}, settled() {}, reported() {} };

/** Reports a finished seek (or scrub) as `video.seeking`, and leaves the playhead at its target. */
function reportSeek(done: Seek, ph: Playhead, emit: VideoEmit, hooks: SeekHooks): void {
  const shownAt = done.shownAt ?? done.seekedAt ?? monoNow();
  if (done.settledAt === undefined) hooks.settled(shownAt);
  // The target is the frame holding the seek time; while playing, the first frame shown
  // may already be a later one, which is reported apart.
  const toTime = done.seekedTime ?? done.toTime;
  const toFrame = frameAt(toTime, ph.fps);
  // Where the playhead now is, even if no frame callback confirmed it (a paused seek need
  // not present a new frame): the next seek starts from here.
  ph.frame = done.shownFrame ?? toFrame;
  const { fromFrame, fromTime, count: seeks } = done;
  const shown = done.shownFrame === undefined ? {} : { shownFrame: done.shownFrame };
  const durationMs = Math.round(shownAt - done.start);
  const settleMs = Math.round((done.settledAt ?? shownAt) - done.start);
  // A seek that lands on the frame it left (a step past either end, a step there and back
  // merged into one scrub) moved nothing: it is no seek, and no zero-distance one is reported.
  if (toFrame === fromFrame) return;
  const payload = { fromFrame, toFrame, durationMs, settleMs, ...shown, fromTime, toTime, seeks };
  emit('video.seeking', toFrame, payload, shownAt - done.start);
  hooks.reported(shownAt - done.start, seeks === 1 && Math.abs(toFrame - fromFrame) === 1);
}

/** A re-seek (still running, or within the merge window): one scrub, one event. */
function reseek(seek: Seek, toTime: number, now: number, hooks: SeekHooks): void {
  clearTimeout(seek.mergeTimer);
  if (seek.settledAt !== undefined) hooks.started(now);
  Object.assign(seek, { toTime, count: seek.count + 1, mergeTimer: undefined, seekedAt: undefined });
  seek.seekedTime = seek.shownAt = seek.shownFrame = seek.settledAt = undefined;
}

/** Whether `shown`, presented just before `seeking`, is the seek's own target frame. */
function isSeekTarget(shown: ShownFrame, toTime: number, now: number, fps: number): boolean {
  return now - shown.at <= EARLY_FRAME_MS && Math.abs(shown.mediaTime - toTime) <= 1.5 / fps;
}

/**
 * Seeks, from `seeking` to the target frame on screen and, if playing, the playhead moving
 * again; seeks within `mergeMs` of the previous one settling are one scrub, reported once.
 */
export function seekDetector(
  ph: Playhead,
  emit: VideoEmit,
  mergeMs: number,
  onError: ErrorSink,
  hooks: SeekHooks = NO_HOOKS,
) {
  let seek: Seek | undefined;
  // The last presented frame and the one before it: a paused seek within the buffer may present
  // its target before `seeking` is dispatched, and the seek then starts from the one before.
  let shown: ShownFrame | undefined;
  let beforeShown = ph.frame;

  const flush = (): void => {
    const done = seek;
    if (!done) return;
    seek = undefined;
    clearTimeout(done.mergeTimer);
    reportSeek(done, ph, emit, hooks);
  };

  // Over once the target frame is on screen and, if playing, the playhead moves again: any
  // waiting in between is the seek's, not rebuffering.
  const check = (now: number): void => {
    const s = seek;
    if (!s || s.seekedAt === undefined || s.settledAt !== undefined) return;
    if (s.shownAt === undefined) {
      if (ph.frameCallback && now - s.seekedAt < SEEK_SHOWN_FALLBACK_MS) return;
      s.shownAt = s.seekedAt;
    }
    const playing = ph.playing();
    if (playing && ph.time() === s.seekedTime) return;
    s.settledAt = playing ? Math.max(s.shownAt, now) : s.shownAt;
    hooks.settled(s.settledAt);
    ph.rest(now);
    s.mergeTimer = setTimeout(guard(onError, flush), mergeMs);
  };

  return {
    get active(): boolean {
      return seek !== undefined;
    },
    check,
    flush,
    seeking(now: number): void {
      const toTime = ph.time();
      if (seek) return reseek(seek, toTime, now, hooks);
      const early = shown !== undefined && !ph.playing() && isSeekTarget(shown, toTime, now, ph.fps);
      const fromFrame = early ? beforeShown : ph.frame;
      const fromTime = Math.round((fromFrame / ph.fps) * 1000) / 1000;
      seek = { start: now, fromFrame, fromTime, toTime, count: 1 };
      // Its target is on screen already: shown as the seek began.
      if (early) Object.assign(seek, { shownAt: now, shownFrame: ph.frame });
      hooks.started(now);
    },
    seeked(now: number): void {
      if (!seek) return;
      seek.seekedAt = now;
      seek.seekedTime = ph.time();
      check(now);
    },
    /** A presented frame (requestVideoFrameCallback): the exact frame, and when a seek's target shows. */
    frame(now: number, metadata: FrameMetadata): void {
      const frame = frameOfPresented(metadata.mediaTime, ph.fps);
      if (frame !== ph.frame) beforeShown = ph.frame;
      ph.frame = frame;
      shown = { frame, mediaTime: metadata.mediaTime, at: now };
      if (!seek || seek.shownAt !== undefined) return;
      if (Math.abs(metadata.mediaTime - (seek.seekedTime ?? seek.toTime)) > 1.5 / ph.fps) return;
      // expectedDisplayTime is when the frame reaches the screen, on performance.now()'s clock.
      const displayed = Number.isFinite(metadata.expectedDisplayTime) ? metadata.expectedDisplayTime! : now;
      seek.shownAt = Math.max(seek.start, displayed);
      seek.shownFrame = frame;
      if (seek.seekedAt !== undefined) check(monoNow());
    },
  };
}
