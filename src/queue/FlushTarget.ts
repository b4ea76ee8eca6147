import type { Queue } from './Queue.js';

/** A queue, and the key up to which a flush waits for it to be empty. */
export interface FlushTarget {
  readonly queue: Queue;
  readonly upToKey: () => number;
}
