import type { EventContext } from '../events/schema.js';

/** Told of the item timer's lifecycle; both members are optional. */
export interface ItemTimeListener {
  /** The open item is closing: its context is still readable, and its `item.duration` follows. */
  itemClosing?(): void;
  /** The trail is closing: stop watching (what is sent now still goes out, before the item's duration). */
  closing?(): void;
}

/**
 * The extension point of time in tool (`trail.itemTime`), for parts that watch media beside
 * the editor: `labeltrail/video` feeds it stalls and playback and reads the open item from it.
 * An editor never needs it. Times are monotonic milliseconds (`performance.now()`); none of
 * its members throws.
 *
 * @example
 * const stop = trail.itemTime.listen({ itemClosing: () => sendMyPlayerSummary() });
 * trail.itemTime.stalled('player-1:buffering', true, stalledSince);
 */
export interface ItemTime {
  /** The open item's id, if any. */
  readonly item: string | undefined;
  /** The open item's context (its id included), for events sent about it; undefined when none is open. */
  readonly context: Partial<EventContext> | undefined;
  /**
   * `source` (a name of the caller's, one per element and cause) stalls from `at`, which may lie
   * in the past (a stall is known only once the playhead stood still long enough), or stops
   * stalling. While any source stalls, counted time of the open item is `stalledMs`.
   */
  stalled(source: string, stalled: boolean, at?: number): void;
  /**
   * Playback of `source` started (`play`) or stopped (pause, end, a new source) at `at`. Playback
   * started by the user's input counts as their attention, within a bound (see docs/capture.md).
   */
  playback(source: string, playing: boolean, at?: number): void;
  /** Calls `listener` as the open item closes and as the trail closes; returns the unsubscribe. */
  listen(listener: ItemTimeListener): () => void;
  /** Reports a failure as the trail's own (`onError`, `errors$`). */
  report(error: unknown): void;
}
