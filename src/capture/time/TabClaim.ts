import { guard, type ErrorSink } from '../lib/safe.js';

interface ClaimMessage {
  readonly claim: string;
  readonly actor: string | undefined;
  /** When, on the clock every page of the browser shares (`timeOrigin + now()`). */
  readonly at: number;
}

// performance.timeOrigin + now() is one clock across the pages of a browser, so a page that
// yields can stop counting when the other started, not when the message arrived.
const sharedNow = () => performance.timeOrigin + performance.now();

const isClaim = (data: unknown): data is ClaimMessage =>
  typeof data === 'object' && data !== null && typeof (data as ClaimMessage).claim === 'string';

/**
 * One counting page per actor: a page that gets input or focus claims the count on a
 * BroadcastChannel, and every other page of the same actor pauses (`yielded`) until its own
 * next input or focus. A claim is sent only when this page is not already the last claimer,
 * so a pointermove stream sends nothing. Without BroadcastChannel every page counts alone.
 */
export class TabClaim {
  #yielded = false;
  #owner = false;
  readonly #channel: BroadcastChannel | undefined;
  readonly #page: string;
  readonly #actor: () => string | undefined;
  readonly #onChange: (yielded: boolean, at: number) => void;

  constructor(
    name: string,
    page: string,
    actor: () => string | undefined,
    onError: ErrorSink,
    onChange: (yielded: boolean, at: number) => void,
  ) {
    this.#page = page;
    this.#actor = actor;
    this.#onChange = onChange;
    try {
      this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined;
    } catch (error) {
      onError(error);
    }
    if (this.#channel) this.#channel.onmessage = guard(onError, (event: MessageEvent) => this.#receive(event.data));
  }

  /** Whether another page of this actor claimed the count after this one did. */
  get yielded(): boolean {
    return this.#yielded;
  }

  /** This page has the user's attention: it counts, the others pause. */
  claim(): void {
    if (this.#owner) return;
    this.#owner = true;
    const message: ClaimMessage = { claim: this.#page, actor: this.#actor(), at: sharedNow() };
    this.#channel?.postMessage(message);
    if (this.#yielded) {
      this.#yielded = false;
      this.#onChange(false, performance.now());
    }
  }

  dispose(): void {
    this.#channel?.close();
  }

  #receive(data: unknown): void {
    if (!isClaim(data) || data.claim === this.#page || data.actor !== this.#actor()) return;
    this.#owner = false;
    if (!this.#yielded) {
      this.#yielded = true;
      const now = performance.now();
      const at = typeof data.at === 'number' ? data.at - performance.timeOrigin : now;
      this.#onChange(true, Math.min(now, Math.max(0, at)));
    }
  }
}
