import type { Observable, Subscription } from 'rxjs';
import { FLUSH_POLL_MS } from '../defaults.js';
import type { FlushTarget } from '../queue/FlushTarget.js';
import { TrailDeliveryError } from './TrailDeliveryError.js';

export interface FlushWait {
  readonly targets: () => readonly FlushTarget[];
  /** Emits when a batch settled (here or in the delivering tab); completes when the trail closes. */
  readonly settled$: Observable<void>;
  readonly closed: () => boolean;
  readonly timeoutMs: number | undefined;
  /** The timeout the caller gave `flush()`, named in the error (`timeoutMs` may be what is left of it). */
  readonly statedMs?: number | undefined;
  /** A queue that cannot be read holds nothing a flush can wait for: its failure is reported. */
  readonly unreadable: (error: unknown) => void;
}

async function pending(wait: FlushWait): Promise<boolean> {
  for (const { queue, upToKey } of wait.targets()) {
    const key = upToKey();
    if (key <= 0) continue;
    const n = await queue.pendingChunks(key).catch((error: unknown) => {
      wait.unreadable(error);
      return 0;
    });
    if (n > 0) return true;
  }
  return false;
}

/** Resolves on the next settled batch, on the slow poll, or when the trail closes. */
function nextWake(settled$: Observable<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    // `done` may run from inside `subscribe` (a completed stream), before the subscription exists.
    const wake: { sub?: Subscription; done?: boolean } = {};
    const done = (): void => {
      wake.done = true;
      clearTimeout(timer);
      wake.sub?.unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, FLUSH_POLL_MS);
    wake.sub = settled$.subscribe({ next: done, complete: done });
    if (wake.done) wake.sub.unsubscribe();
  });
}

/**
 * Waits until every target queue holds nothing up to its key: a key-range count per check,
 * woken by settled batches. Rejects with a `TrailDeliveryError`: `flush_timeout` past
 * `timeoutMs`, `closed` when the trail closes first.
 */
export async function waitForFlush(wait: FlushWait): Promise<void> {
  const deadline = wait.timeoutMs === undefined ? Infinity : Date.now() + wait.timeoutMs;
  for (;;) {
    if (wait.closed()) throw new TrailDeliveryError(undefined, 'the trail is closed', 0, 'closed');
    if (!(await pending(wait))) return;
    if (Date.now() > deadline) {
      throw new TrailDeliveryError(
        undefined,
        `flush timed out after ${wait.statedMs ?? wait.timeoutMs} ms`,
        0,
        'flush_timeout',
      );
    }
    await nextWake(wait.settled$);
  }
}
