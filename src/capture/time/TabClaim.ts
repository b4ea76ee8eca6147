import { guard, type ErrorSink } from '../lib/safe.js';

interface ClaimMessage {
  readonly claim: string;
  readonly actor: string | undefined;
  /**
   * `Date.now()` when sent: the system's wall clock, which every page reads alike. Not
   * `timeOrigin + now()`: a page's monotonic clock stands still while the system sleeps, so a
   * page created before a sleep lags the others by it.
   */
  readonly sentAt: number;
}

// A claim takes a millisecond or so to arrive, more behind a long task; an apparent transit
// longer than this is a wall clock that was set meanwhile, and is not believed.
const MAX_TRANSIT_MS = 1_000;

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
    const message: ClaimMessage = { claim: this.#page, actor: this.#actor(), sentAt: Date.now() };
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
      // Yields from when the claim was sent, so that two pages never count the same moment:
      // the transit is measured on the wall clock and taken back on this page's own clock.
      // Without `sentAt` (an older labeltrail's claim) it yields on arrival.
      const transit = Number.isFinite(data.sentAt) ? Date.now() - data.sentAt : 0;
      this.#onChange(true, performance.now() - Math.min(MAX_TRANSIT_MS, Math.max(0, transit)));
    }
  }
}
