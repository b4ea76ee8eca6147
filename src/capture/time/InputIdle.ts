import { USER_PLAY_WINDOW_MS, WATCHED_PLAYBACK_IDLE_FACTOR } from '../defaults.js';
import { guard, listen, monoNow, type ErrorSink } from '../lib/safe.js';

// Every kind of input that proves a person is at the editor. pointermove keeps a long drag
// (a polygon traced for minutes) from ever looking idle.
const INPUT_EVENTS = [
  'pointerdown',
  'pointermove',
  'pointerup',
  'keydown',
  'keyup',
  'wheel',
  'touchstart',
  'touchmove',
  'mousedown',
  'mousemove',
];
const PRESS_EVENTS = new Set(['pointerdown', 'mousedown', 'touchstart']);

// Input that ends a held pointer; it is also input (it proves a person is there). Every way a
// press ends: the compatibility mousedown a browser fires after a tap is followed by mouseup,
// and a touch ends with touchend or touchcancel.
const RELEASE_EVENTS = ['pointerup', 'pointercancel', 'mouseup', 'touchend', 'touchcancel'];

/** Called when idle begins (`at`: the last input, the whole gap is idle) or ends (`at`: now). */
export type IdleListener = (idle: boolean, at: number) => void;

/**
 * Input and the idle rule: no pointer, key, wheel or touch input for `idleMs` is idle, from the
 * last input on; a pressed pointer is never idle. Playback the user started (`playback`) is
 * attention too, until it stops, for at most `WATCHED_PLAYBACK_IDLE_FACTOR × idleMs` after the
 * last input: idle then begins where it stopped counting. One timer, re-armed lazily, so a
 * stream of pointermove events costs no setTimeout each.
 */
export class InputIdle {
  #idle = false;
  #held = false;
  #lastInput = monoNow();
  // Sources playing since the user asked, and the last moment their playback counted.
  readonly #watched = new Set<string>();
  #watchedTo = -Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #removers: (() => void)[] = [];
  readonly #idleMs: number;
  readonly #onError: ErrorSink;
  readonly #onChange: IdleListener;
  readonly #onInput: () => void;

  constructor(
    win: Window | undefined,
    idleMs: number,
    onError: ErrorSink,
    onChange: IdleListener,
    onInput: () => void,
  ) {
    this.#idleMs = idleMs;
    this.#onError = onError;
    this.#onChange = onChange;
    this.#onInput = onInput;
    const input = guard(onError, (event: Event) => this.#input(event));
    const options = { capture: true, passive: true };
    for (const type of INPUT_EVENTS) this.#removers.push(listen(win, type, input, options));
    for (const type of RELEASE_EVENTS) this.#removers.push(listen(win, type, input, options));
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
    if (PRESS_EVENTS.has(event.type)) this.#held = true;
    else if (RELEASE_EVENTS.includes(event.type)) this.#held = false;
    this.#onInput();
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
    if (this.#held) this.#lastInput = now;
    if (this.#watched.size > 0) this.#watch(now);
    if (now - this.#lastActive() < this.#idleMs) {
      this.#arm(now);
      return;
    }
    this.#idle = true;
    this.#onChange(true, this.#lastActive());
  }
}
