import type { ErrorSink } from '../lib/safe.js';

interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable?: boolean },
    callback: (lock: unknown) => Promise<void> | void,
  ): Promise<void>;
}

const lockManager = (): LockManagerLike | undefined => {
  const locks = typeof navigator === 'undefined' ? undefined : (navigator as { locks?: LockManagerLike }).locks;
  return locks && typeof locks.request === 'function' ? locks : undefined;
};

/** Without Web Locks, a tab whose last heartbeat is older than this many heartbeats is gone. */
const STALE_HEARTBEATS = 2;

/**
 * Which tabs are alive. Each page holds the Web Lock `<prefix><tab>` for as long as it lives;
 * the browser frees it when the page goes away, crash included. Another page takes that lock
 * (if it is free) to recover the gone tab's record, so only one page ever does, and never
 * while the owner lives. Without Web Locks, a tab is gone when its heartbeat is stale.
 */
export class TabLocks {
  #release: (() => void) | undefined;
  readonly #prefix: string;
  readonly #heartbeatMs: number;
  readonly #onError: ErrorSink;

  constructor(prefix: string, heartbeatMs: number, onError: ErrorSink) {
    this.#prefix = prefix;
    this.#heartbeatMs = heartbeatMs;
    this.#onError = onError;
  }

  /** Holds this tab's lock until `dispose`. */
  hold(tab: string): void {
    const locks = lockManager();
    if (!locks) return;
    const held = new Promise<void>((resolve) => (this.#release = resolve));
    locks.request(this.#prefix + tab, {}, () => held).catch(this.#onError);
  }

  /**
   * Runs `recover` for the tab `tab` only if it is gone, holding its lock meanwhile (so once);
   * `savedAt` is its last heartbeat, for browsers without Web Locks.
   */
  whenGone(tab: string, savedAt: number, recover: () => void | Promise<void>): void {
    const locks = lockManager();
    if (!locks) {
      if (Date.now() - savedAt > STALE_HEARTBEATS * this.#heartbeatMs) void recover();
      return;
    }
    // The lock is held until `recover` settles.
    locks
      .request(this.#prefix + tab, { ifAvailable: true }, (lock) => (lock ? recover() : undefined))
      .catch(this.#onError);
  }

  dispose(): void {
    this.#release?.();
  }
}
