import { LABEL_STUDIO_INPUT_WINDOW_MS } from '../defaults.js';
import { listen, monoNow } from '../lib/safe.js';

/**
 * The user's pointer and keys on the page: whether a pointer is down (a drag under way), and
 * when the last input was. A drag's changes are settled once, when it ends.
 */
export class UserInput {
  readonly #removers: (() => void)[];
  readonly #onRelease: () => void;
  #down = false;
  #downAt: number | undefined;
  #lastAt = Number.NEGATIVE_INFINITY;

  /** `onRelease` runs after each pointer up and key up, once the editor has handled it. */
  constructor(target: EventTarget | undefined, onRelease: () => void) {
    this.#onRelease = onRelease;
    const options = { capture: true, passive: true };
    this.#removers = [
      listen(target, 'pointerdown', () => (this.#downAt = this.#input(true)), options),
      listen(target, 'pointerup', () => this.#release(), options),
      listen(target, 'pointercancel', () => this.#release(), options),
      listen(target, 'keydown', () => this.#input(this.#down), options),
      listen(target, 'keyup', () => this.#release(this.#down), options),
    ];
  }

  /** A pointer is down: a drag or a drawing is under way. */
  get down(): boolean {
    return this.#down;
  }

  /** A change now follows the user's input (a pointer is down, or input was just now). */
  userCaused(now = monoNow()): boolean {
    return this.#down || now - this.#lastAt <= LABEL_STUDIO_INPUT_WINDOW_MS;
  }

  /** When the pointer went down for the gesture under way or just ended; undefined when none. */
  gestureStart(now = monoNow()): number | undefined {
    return this.userCaused(now) ? this.#downAt : undefined;
  }

  dispose(): void {
    this.#removers.forEach((remove) => remove());
  }

  #input(down: boolean): number {
    this.#down = down;
    return (this.#lastAt = monoNow());
  }

  #release(down = false): void {
    this.#input(down);
    // After the editor's own handlers of this event (a drag ends on mouseup, after pointerup).
    setTimeout(this.#onRelease, 0);
  }
}
