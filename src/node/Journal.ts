import { closeSync, fdatasyncSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { open, readFile, rename, truncate, type FileHandle } from 'node:fs/promises';

/** What a journal held when it was opened: its records, and whether a torn tail was cut off. */
export interface Replay {
  readonly records: unknown[];
  /** Lines that were not JSON (a write cut short by a crash): dropped, the file truncated before them. */
  readonly dropped: number;
}

/**
 * An append-only file of JSON lines, each write made durable with fdatasync before it
 * resolves. A process killed mid-write leaves at most one partial line at the end: opening
 * drops it (and anything after), so every record read back was written whole. Compaction
 * writes the live records to a new file, syncs it and renames it over the old one, so a
 * crash leaves either file, never a mix.
 */
export class Journal {
  #handle: FileHandle;
  #size: number;

  private constructor(
    readonly path: string,
    handle: FileHandle,
    size: number,
  ) {
    this.#handle = handle;
    this.#size = size;
  }

  /** Opens (or creates) the file and reads back its whole records. */
  static async open(path: string): Promise<{ journal: Journal; replay: Replay }> {
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const records: unknown[] = [];
    let good = 0;
    let dropped = 0;
    for (let start = 0; start < text.length;) {
      const end = text.indexOf('\n', start);
      const line = end === -1 ? undefined : text.slice(start, end);
      let record: unknown;
      try {
        record = line === undefined ? undefined : JSON.parse(line);
      } catch {
        record = undefined;
      }
      if (record === undefined) {
        dropped = text.slice(start).split('\n').filter(Boolean).length;
        break;
      }
      records.push(record);
      start = end + 1;
      good = start;
    }
    const bytes = Buffer.byteLength(text.slice(0, good));
    if (good < text.length) await truncate(path, bytes);
    const handle = await open(path, 'a');
    return { journal: new Journal(path, handle, bytes), replay: { records, dropped } };
  }

  /** Bytes in the file, dead records included. */
  get size(): number {
    return this.#size;
  }

  /** Appends records and syncs them to disk: durable when this resolves. */
  async append(records: readonly unknown[]): Promise<void> {
    const text = lines(records);
    await this.#handle.write(text);
    await this.#handle.datasync();
    this.#size += Buffer.byteLength(text);
  }

  /** `append` without yielding, for a process's `exit` handler, where nothing async runs. */
  appendSync(records: readonly unknown[]): void {
    const text = lines(records);
    writeSync(this.#handle.fd, text);
    fdatasyncSync(this.#handle.fd);
    this.#size += Buffer.byteLength(text);
  }

  /** Replaces the file's content by `records`: new file, sync, rename, sync the directory. */
  async rewrite(records: readonly unknown[], directory: string): Promise<void> {
    const next = `${this.path}.new`;
    const text = lines(records);
    const handle = await open(next, 'w');
    try {
      await handle.write(text);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(next, this.path);
    // The rename is only durable once the directory entry is.
    const dir = openSync(directory, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    await this.#handle.close();
    this.#handle = await open(this.path, 'a');
    this.#size = Buffer.byteLength(text);
  }

  async close(): Promise<void> {
    await this.#handle.close();
  }
}

const lines = (records: readonly unknown[]): string => records.map((r) => `${JSON.stringify(r)}\n`).join('');
