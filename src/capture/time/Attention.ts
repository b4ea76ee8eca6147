import type { PageActivity } from '../lib/pageActivity.js';
import { guard, monoNow, type ErrorSink } from '../lib/safe.js';
import { InputIdle } from './InputIdle.js';
import { TabClaim } from './TabClaim.js';

/** Why this page is not counting, in the order that wins when several apply; `present` counts. */
export type AttentionState = 'hidden' | 'blurred' | 'idle' | 'present';

/** Called on every change; `at` is when it took effect (for idle: the last input, in the past). */
export type AttentionListener = (state: AttentionState, at: number) => void;

export interface AttentionSettings {
  readonly window: Window | undefined;
  readonly idleMs: number;
  /** BroadcastChannel name shared by the pages that may count for one actor. */
  readonly channel: string;
  /** This page load's id, to tell its own claims from another page's. */
  readonly page: string;
  readonly actor: () => string | undefined;
  readonly onError: ErrorSink;
}

/**
 * Whether a person is using this page now: visible, focused, not idle, and the page of this
 * actor that had the latest press, key or focus (pointer moves and the wheel reach a window in
 * the background too, so they end idle without taking the count from another page). One state
 * for the item timer and for label time.
 */
export class Attention {
  readonly #activity: PageActivity;
  readonly #idle: InputIdle;
  readonly #claim: TabClaim;
  readonly #listeners = new Set<AttentionListener>();
  readonly #unsubscribe: () => void;
  #state: AttentionState;

  constructor(activity: PageActivity, settings: AttentionSettings) {
    this.#activity = activity;
    const changed = (at: number) => this.#changed(at);
    this.#claim = new TabClaim(settings.channel, settings.page, settings.actor, settings.onError, (_yielded, at) =>
      changed(at),
    );
    this.#idle = new InputIdle(
      settings.window,
      settings.idleMs,
      settings.onError,
      (_idle, at) => changed(at),
      // A press or a key: this window has the user's attention, whatever the last event said.
      () => {
        activity.noteInput();
        this.#claim.claim();
      },
    );
    this.#unsubscribe = activity.subscribe(
      guard(settings.onError, () => {
        const now = monoNow();
        // Coming back to the tab is an action; idle is judged from here, not from before the absence.
        if (activity.visible && activity.focused) this.touch(now);
        changed(now);
      }),
    );
    this.#state = this.#compute();
  }

  get state(): AttentionState {
    return this.#state;
  }

  /** When the last input (or action) was, on the monotonic clock. */
  get lastInput(): number {
    return this.#idle.lastInput;
  }

  /** An action of the user that is not input (opening an item, returning to the tab). */
  touch(now = monoNow()): void {
    this.#claim.claim();
    this.#idle.note(now);
  }

  /** Playback of `source` started or stopped at `at` (see `InputIdle.playback`). */
  playback(source: string, playing: boolean, at = monoNow()): void {
    this.#idle.playback(source, playing, at);
  }

  subscribe(listener: AttentionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    this.#unsubscribe();
    this.#idle.dispose();
    this.#claim.dispose();
    this.#listeners.clear();
  }

  #compute(): AttentionState {
    if (!this.#activity.visible) return 'hidden';
    if (!this.#activity.focused || this.#claim.yielded) return 'blurred';
    return this.#idle.idle ? 'idle' : 'present';
  }

  #changed(at: number): void {
    const next = this.#compute();
    if (next === this.#state) return;
    this.#state = next;
    this.#listeners.forEach((listener) => listener(next, at));
  }
}
