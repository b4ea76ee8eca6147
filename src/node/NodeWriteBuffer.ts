import { WRITE_CHUNK_MAX_EVENTS, WRITE_DELAY_MS } from '../defaults.js';
import type { TrailEvent } from '../events/schema.js';

/**
 * Accepted events on their way to the journal, as the browser's buffer has them: held one
 * write delay (16 ms) or until a chunk is full (500 events), then written in one write; the
 * chunks that pile up while one write runs go together in the next.
 */
export class NodeWriteBuffer {
  #buffer: TrailEvent[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (chunks: TrailEvent[][]) => Promise<void>,
    private readonly failed: (error: unknown) => void,
  ) {}

  push(event: TrailEvent): void {
    this.#buffer.push(event);
    if (this.#buffer.length >= WRITE_CHUNK_MAX_EVENTS) void this.persist();
    else this.#timer ??= setTimeout(() => void this.persist(), WRITE_DELAY_MS);
  }

  /** Starts writing everything buffered; resolves when all of it is written (or failed). */
  persist(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#buffer.length === 0) return this.#writing;
    const chunks: TrailEvent[][] = [];
    while (this.#buffer.length) chunks.push(this.#buffer.splice(0, WRITE_CHUNK_MAX_EVENTS));
    this.#writing = this.#writing.then(() => this.write(chunks)).catch(this.failed);
    return this.#writing;
  }
}
