import { monoNow } from '../lib/safe.js';

type Phase = 'idle' | 'pressed' | 'released';

/**
 * The user's input as the adapter judges changes by it: whether a press on the canvas is under
 * way, whether what is added now is that press's drawing (from the press to `windowMs` after
 * its release, unless other input or a clear came between), and when the user last pressed a
 * key or the pointer anywhere on the page.
 */
export class Gesture {
  readonly #windowMs: number;
  readonly #onEnd: () => void;
  readonly #now: () => number;
  #phase: Phase = 'idle';
  // A clear during the press: what is added after it is a load's, not the drawing.
  #spoiled = false;
  #lastInput = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `onEnd` runs as each gesture ends, for the drafts it left without a commit. */
  constructor(windowMs: number, onEnd: () => void, now: () => number = monoNow) {
    this.#windowMs = windowMs;
    this.#onEnd = onEnd;
    this.#now = now;
  }

  get pressed(): boolean {
    return this.#phase === 'pressed';
  }

  /** An object added now is the gesture's drawing. */
  get drawing(): boolean {
    return this.#phase !== 'idle' && !this.#spoiled;
  }

  /** A change now follows the user's input closely enough to be theirs. */
  get recent(): boolean {
    return this.#phase === 'pressed' || this.#now() - this.#lastInput <= this.#windowMs;
  }

  /**
   * Key or pointer input on the page. A key or a press after the release ends the gesture:
   * what is added after it (a paste, an undo) is not the drawing.
   */
  input(endsDrawing: boolean): void {
    this.#lastInput = this.#now();
    if (endsDrawing && this.#phase === 'released') this.end();
  }

  press(): void {
    this.end();
    this.#phase = 'pressed';
    this.#lastInput = this.#now();
  }

  release(): void {
    if (this.#phase !== 'pressed') return;
    this.#phase = 'released';
    this.#lastInput = this.#now();
    this.#timer = setTimeout(() => this.end(), this.#windowMs);
  }

  /** The canvas was cleared (a load): nothing added after it in this gesture is drawn. */
  cleared(): void {
    if (this.#phase === 'released') this.end();
    else if (this.#phase === 'pressed') this.#spoiled = true;
  }

  end(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#phase === 'idle') return;
    this.#phase = 'idle';
    this.#spoiled = false;
    this.#onEnd();
  }
}
