import { IDB_OPEN_TIMEOUT_MS } from '../defaults.js';
import { backoffDelay } from '../lib/backoff.js';
import { later } from '../lib/later.js';
import { IdbQueue } from './IdbQueue.js';
import { hasIndexedDB } from './lib/hasIndexedDB.js';
import { MemoryQueue } from './MemoryQueue.js';
import type { TrailEvent } from '../events/schema.js';
import { utf8Length } from '../lib/utf8Length.js';
import type { FlushTarget } from './FlushTarget.js';
import type { AppendResult, Queue, QueueLimits } from './Queue.js';

/** Where new events go: `opening` → `indexeddb` ⇄ `memory` → `closing` → `closed`. */
export type StoragePhaseName = 'opening' | 'indexeddb' | 'memory' | 'closing' | 'closed';

export interface StorageHooks {
  phase(phase: StoragePhaseName): void;
  /** IndexedDB failed at `operation`; events go to memory meanwhile. */
  failed(operation: 'open' | 'write', error: unknown): void;
  /** The IndexedDB queue is open (at start, or when it works again after failing to open). */
  opened(queue: IdbQueue): void;
  /** Around moving memory's events to IndexedDB: stop delivering from memory, then go on. */
  pauseMemory(): Promise<void>;
  resumeMemory(): void;
  /** Memory's events were written to IndexedDB, the last of them under `result.key`. */
  moved(result: AppendResult, queue: Queue): void;
}

export interface StorageOptions {
  readonly dbName: string;
  readonly limits: QueueLimits;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly open?: (name: string, limits: QueueLimits) => Promise<IdbQueue>;
}

/** What a write stored, and in which queue. */
export interface Written {
  readonly queue: Queue;
  readonly result: AppendResult;
}

/**
 * The trail's storage, with explicit phases. While IndexedDB fails, events are kept in
 * memory and IndexedDB is tried again on the delivery backoff (`retry.baseMs` doubling to
 * `retry.maxMs`); once it works, what memory holds is written to it and it is used from then
 * on. Once closing, nothing opens IndexedDB again.
 */
export class Storage {
  declare readonly memory: MemoryQueue;
  /** Resolves when the first open has succeeded or failed. */
  declare readonly ready: Promise<void>;
  #phase: StoragePhaseName = 'opening';
  #idb: IdbQueue | undefined;
  #attempt = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #recovering: Promise<void> | undefined;
  // The newest key each queue handed this tab, and the key of the last events moved from memory.
  readonly #lastKey = new Map<Queue, number>();
  #movedKey = 0;
  // Resolved once IndexedDB has opened, or once storage closes: what a flush waits for meanwhile.
  #seeStore!: () => void;
  readonly #storeSeen = new Promise<void>((resolve) => (this.#seeStore = resolve));

  readonly #options: StorageOptions;
  readonly #hooks: StorageHooks;

  constructor(options: StorageOptions, hooks: StorageHooks) {
    this.#options = options;
    this.#hooks = hooks;
    this.memory = new MemoryQueue(options.limits);
    this.ready = this.#open().then(
      () => this.#enter('indexeddb'),
      (error: unknown) => this.#fail('open', error),
    );
  }

  get phase(): StoragePhaseName {
    return this.#phase;
  }

  /** The IndexedDB queue once it has opened (it may hold events while the phase is `memory`). */
  get idb(): IdbQueue | undefined {
    return this.#idb;
  }

  /**
   * True while IndexedDB exists but has never opened here and is being tried again: events
   * earlier pages or other tabs stored may be waiting in it, and this tab cannot see them.
   */
  get unseen(): boolean {
    return this.#idb === undefined && this.#phase === 'memory' && hasIndexedDB();
  }

  /** True while IndexedDB exists and has not opened here (yet, or at all). */
  get notOpen(): boolean {
    return this.#idb === undefined && hasIndexedDB();
  }

  /** Resolves when IndexedDB has opened (at once if it has), or when storage closes. */
  whenSeen(): Promise<void> {
    return this.#storeSeen;
  }

  /** Stores the chunks in one write, sized in UTF-8 bytes as the database and the wire count them. */
  async write(list: readonly (readonly TrailEvent[])[]): Promise<Written> {
    const chunks = list.map((events) => ({ events, bytes: utf8Length(JSON.stringify(events)) }));
    await this.ready;
    if (this.#phase === 'closed') throw new Error('the trail is closed');
    if (this.#phase === 'indexeddb' && this.#idb) {
      try {
        return this.#written(this.#idb, await this.#idb.appendChunks(chunks, Date.now()));
      } catch (error) {
        // Quota exceeded, storage refused, connection lost for good: keep going in memory.
        this.#fail('write', error);
      }
    }
    return this.#written(this.memory, await this.memory.appendChunks(chunks, Date.now()));
  }

  #written(queue: Queue, result: AppendResult): Written {
    this.#lastKey.set(queue, result.key);
    return { queue, result };
  }

  /**
   * What a flush waits for: everything stored so far in each queue (by this tab, an earlier
   * page or another tab), and in IndexedDB also what memory moves into it meanwhile.
   */
  async flushTargets(unreadable: (error: unknown) => number): Promise<() => FlushTarget[]> {
    await this.ready;
    const idb = this.#idb;
    const idbKey = idb ? Math.max(this.#lastKey.get(idb) ?? 0, await idb.highestKey().catch(unreadable)) : 0;
    const memoryKey = await this.memory.highestKey();
    return () => [
      { queue: this.memory, upToKey: () => memoryKey },
      ...(this.#idb ? [{ queue: this.#idb, upToKey: () => Math.max(idbKey, this.#movedKey) }] : []),
    ];
  }

  /** Stops retrying; `closing` until the recovery under way (if any) has finished, then `closed`. */
  async close(): Promise<void> {
    if (this.#phase === 'closing' || this.#phase === 'closed') return;
    this.#enter('closing');
    this.#seeStore();
    clearTimeout(this.#retry);
    await this.ready;
    await this.#recovering;
    this.#idb?.close();
    this.#enter('closed');
  }

  async #open(): Promise<void> {
    const open = this.#options.open ?? IdbQueue.open;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Some browsers' IndexedDB open can hang without an answer; waiting for it would keep
    // every event in the write buffer forever. A queue that opens too late is closed.
    const late = new Promise<never>((_, reject) => {
      timer = later(
        () => reject(new Error(`IndexedDB did not open within ${IDB_OPEN_TIMEOUT_MS} ms`)),
        IDB_OPEN_TIMEOUT_MS,
      );
    });
    const opening = open(this.#options.dbName, this.#options.limits);
    try {
      this.#idb = await Promise.race([opening, late]);
    } catch (error) {
      void opening.then(
        (queue) => queue.close(),
        () => undefined,
      );
      throw error;
    } finally {
      clearTimeout(timer);
    }
    if (this.#phase === 'closing' || this.#phase === 'closed') return;
    this.#hooks.opened(this.#idb);
    this.#seeStore();
  }

  #enter(phase: StoragePhaseName): void {
    if (this.#phase === phase || this.#phase === 'closed') return;
    if (this.#phase === 'closing' && phase !== 'closed') return;
    this.#phase = phase;
    this.#hooks.phase(phase);
  }

  #fail(operation: 'open' | 'write', error: unknown): void {
    this.#hooks.failed(operation, error);
    this.#enter('memory');
    this.#schedule();
  }

  #schedule(): void {
    if (this.#phase !== 'memory' || this.#retry !== undefined) return;
    this.#attempt++;
    const delay = backoffDelay(this.#attempt, this.#options.retryBaseMs, this.#options.retryMaxMs);
    this.#retry = later(() => {
      this.#retry = undefined;
      this.#recovering = this.#recover().finally(() => (this.#recovering = undefined));
    }, delay);
  }

  /** Tries IndexedDB again: opens it if it never opened, then moves memory's events into it. */
  async #recover(): Promise<void> {
    try {
      if (!this.#idb) await this.#open();
      if (this.#phase !== 'memory') return;
      await this.#hooks.pauseMemory();
      try {
        const { chunks, lastKey } = this.memory.held();
        // An empty write still proves that IndexedDB takes writes again.
        const result = await this.#idb!.appendChunks(chunks, Date.now());
        this.memory.removeUpTo(lastKey);
        if (chunks.length) {
          this.#movedKey = result.key;
          this.#hooks.moved(result, this.#idb!);
        }
      } finally {
        this.#hooks.resumeMemory();
      }
      this.#attempt = 0;
      this.#enter('indexeddb');
    } catch {
      // Still failing: the next try waits longer. Only the first failure was reported.
      this.#schedule();
    }
  }
}
