import type { TrailEvent } from '../events/schema.js';
import { utf8Length } from '../lib/utf8Length.js';
import type { AppendResult } from '../queue/Queue.js';
import type { FileQueue } from './FileQueue.js';

const chunkOf = (events: readonly TrailEvent[]) => ({ events, bytes: utf8Length(JSON.stringify(events)) });

/**
 * The Node trail's writes to its journal, and what they have not covered yet: the events
 * accepted since the last completed write. At the process's `exit` (its end, or
 * `process.exit()`), where nothing asynchronous runs any more, those are written
 * synchronously, so an ordinary exit loses none. A kill (SIGKILL) runs no handler: it loses
 * the write window, one write delay plus one write.
 */
export class DiskWriter {
  // Accepted events whose write has not completed, oldest first.
  #unwritten: TrailEvent[] = [];
  #lastKey = 0;
  readonly #onExit = (): void => this.#writeNow();

  constructor(
    readonly queue: FileQueue,
    // More than the queue may hold is never kept waiting here either (a disk that keeps failing).
    private readonly maxEvents: number,
  ) {
    process.on('exit', this.#onExit);
  }

  /** Key of the last chunk written: what a flush waits for. */
  get lastKey(): number {
    return this.#lastKey;
  }

  /** An event was accepted: it waits for the next write. */
  accepted(event: TrailEvent): void {
    this.#unwritten.push(event);
    if (this.#unwritten.length > this.maxEvents) this.#unwritten.shift();
  }

  /** Writes the chunks (synced to disk when this resolves). Writes complete in order. */
  async write(list: readonly (readonly TrailEvent[])[]): Promise<AppendResult> {
    const result = await this.queue.appendChunks(list.map(chunkOf), Date.now());
    this.#lastKey = result.key;
    const upTo = list.at(-1)?.at(-1)?.seq ?? -1;
    let n = 0;
    while (n < this.#unwritten.length && this.#unwritten[n]!.seq <= upTo) n++;
    if (n) this.#unwritten = this.#unwritten.slice(n);
    return result;
  }

  #writeNow(): void {
    if (this.#unwritten.length === 0) return;
    try {
      this.queue.appendChunksSync([chunkOf(this.#unwritten)], Date.now());
      this.#unwritten = [];
    } catch {
      // The process is ending: nothing is left to report to.
    }
  }

  /** Stops watching the process's exit (the trail closed, having written everything). */
  close(): void {
    process.off('exit', this.#onExit);
  }
}
