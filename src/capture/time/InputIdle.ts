import { USER_PLAY_WINDOW_MS, WATCHED_PLAYBACK_IDLE_FACTOR } from '../defaults.js';
import { guard, listen, monoNow, type ErrorSink } from '../lib/safe.js';

// Every kind of input that proves a person is at the editor, and so ends idle. pointermove keeps
// a long drag (a polygon traced for minutes) from ever looking idle; a press held still is not
// input, so a press whose release never comes (alt-tab mid-drag, a context menu, an iframe that
// takes the pointerup) cannot keep an item out of idle for ever.
const INPUT_EVENTS = [
  'pointerdown',
  'pointermove',
  'pointerup',
  'pointercancel',
  'keydown',
  'keyup',
  'wheel',
  'touchstart',
  'touchmove',
  'touchend',
  'mousedown',
  'mousemove',
  'mouseup',
];

// Input that claims the count for this page: only what a window gets when it has the user's
// attention. The pointer moving over a window in the background sends it pointermove, and the
// wheel reaches the window under the pointer, focused or not, on Windows ("scroll inactive
// windows", on by default), macOS and most Linux desktops; both end idle but claim nothing.
const CLAIM_EVENTS = new Set(['pointerdown', 'keydown']);

/** Called when idle begins (`at`: the last input, the whole gap is idle) or ends (`at`: now). */
export type IdleListener = (idle: boolean, at: number) => void;

/**
 * Input and the idle rule: no pointer, key, wheel or touch input for `idleMs` is idle, from the
 * last input on, whether or not a pointer is pressed. Playback the user started (`playback`) is
 * attention too, until it stops, for at most `WATCHED_PLAYBACK_IDLE_FACTOR × idleMs` after the
 * last input: idle then begins where it stopped counting. One timer, re-armed lazily, so a
 * stream of pointermove events costs no setTimeout each. `onClaim` hears only a press or a key.
 */
export class InputIdle {
  #idle = false;
  #lastInput = monoNow();
  // Sources playing since the user asked, and the last moment their playback counted.
  readonly #watched = new Set<string>();
  #watchedTo = -Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #removers: (() => void)[] = [];
  readonly #idleMs: number;
  readonly #onError: ErrorSink;
  readonly #onChange: IdleListener;
  readonly #onClaim: () => void;

  constructor(
    win: Window | undefined,
    idleMs: number,
    onError: ErrorSink,
    onChange: IdleListener,
    onClaim: () => void,
  ) {
    this.#idleMs = idleMs;
    this.#onError = onError;
    this.#onChange = onChange;
    this.#onClaim = onClaim;
    const input = guard(onError, (event: Event) => this.#input(event));
    const options = { capture: true, passive: true };
    for (const type of INPUT_EVENTS) this.#removers.push(listen(win, type, input, options));
    this.#arm(this.#lastInput);
  }

  get idle(): boolean {
    return this.#idle;
  }

  get lastInput(): number {
    return this.#lastInput;
  }

  /** An action that is not input (opening an item, coming back to the tab): idle is judged from now. */
  note(now = monoNow()): void {
    this.#lastInput = Math.max(this.#lastInput, now);
    if (this.#idle) {
      this.#idle = false;
      this.#onChange(false, now);
    }
    if (this.#timer === undefined) this.#arm(now);
  }

  /**
   * Playback of `source` started or stopped at `at`. Only a start soon after input counts (not
   * autoplay, nor a script's); it then counts until it stops, within the bound.
   */
  playback(source: string, playing: boolean, at: number): void {
    if (playing) {
      if (this.#idle || this.#watched.has(source) || at - this.#lastInput > USER_PLAY_WINDOW_MS) return;
      this.#watched.add(source);
    } else if (!this.#watched.delete(source)) return;
    this.#watch(at);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#removers.forEach((remove) => remove());
    this.#removers.length = 0;
  }

  #input(event: Event): void {
    if (CLAIM_EVENTS.has(event.type)) this.#onClaim();
    this.note(monoNow());
  }

  // Watched playback counts up to `at`, and never past the bound after the last input.
  #watch(at: number): void {
    const bound = this.#lastInput + WATCHED_PLAYBACK_IDLE_FACTOR * this.#idleMs;
    this.#watchedTo = Math.max(this.#watchedTo, Math.min(at, bound));
  }

  /** The last moment of attention: input, an action, or watched playback. */
  #lastActive(): number {
    return Math.max(this.#lastInput, this.#watchedTo);
  }

  #arm(now: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(
      guard(this.#onError, () => this.#check()),
      Math.max(0, this.#lastActive() + this.#idleMs - now),
    );
  }

  #check(): void {
    this.#timer = undefined;
    const now = monoNow();
    if (this.#watched.size > 0) this.#watch(now);
    if (now - this.#lastActive() < this.#idleMs) {
      this.#arm(now);
      return;
    }
    this.#idle = true;
    this.#onChange(true, this.#lastActive());
  }
}
