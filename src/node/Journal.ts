import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  truncateSync,
  write,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { promisify } from 'node:util';

const writeAsync = promisify(write);
const datasyncAsync = promisify(fdatasync);

/** What a journal held when it was opened: its records, and how many torn lines were cut off. */
export interface Replay {
  readonly records: unknown[];
  /** Lines after the last whole record (a write cut short by a crash): dropped, the file truncated. */
  readonly dropped: number;
}

// The whole records of a journal's text, and the byte length they take.
function wholeRecords(text: string): { records: unknown[]; bytes: number; dropped: number } {
  const records: unknown[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    if (end === -1) break;
    try {
      records.push(JSON.parse(text.slice(start, end)));
    } catch {
      break;
    }
    start = end + 1;
  }
  const rest = text.slice(start);
  return { records, bytes: Buffer.byteLength(text.slice(0, start)), dropped: rest.split('\n').filter(Boolean).length };
}

const lines = (records: readonly unknown[]): string => records.map((r) => `${JSON.stringify(r)}\n`).join('');

/**
 * An append-only file of JSON lines, each write made durable with fdatasync before it
 * resolves. A process killed mid-write leaves at most one partial line at the end: opening
 * drops it (and anything after), so every record read back was written whole. Compaction
 * writes the live records to a new file, syncs it and renames it over the old one, so a
 * crash leaves either file, never a mix. Opening is synchronous: a process's exit handler
 * can write to a journal opened in the same tick.
 */
export class Journal {
  #fd: number;
  #size: number;

  private constructor(
    readonly path: string,
    fd: number,
    size: number,
  ) {
    this.#fd = fd;
    this.#size = size;
  }

  /** Opens (or creates) the file and reads back its whole records. */
  static open(path: string): { journal: Journal; replay: Replay } {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const { records, bytes, dropped } = wholeRecords(text);
    if (dropped || bytes < Buffer.byteLength(text)) truncateSync(path, bytes);
    return { journal: new Journal(path, openSync(path, 'a'), bytes), replay: { records, dropped } };
  }

  /** Bytes in the file, dead records included. */
  get size(): number {
    return this.#size;
  }

  /** Appends records and syncs them to disk: durable when this resolves. */
  async append(records: readonly unknown[]): Promise<void> {
    const text = lines(records);
    await writeAsync(this.#fd, text);
    await datasyncAsync(this.#fd);
    this.#size += Buffer.byteLength(text);
  }

  /** `append` without yielding, for a process's `exit` handler, where nothing async runs. */
  appendSync(records: readonly unknown[]): void {
    const text = lines(records);
    writeSync(this.#fd, text);
    fdatasyncSync(this.#fd);
    this.#size += Buffer.byteLength(text);
  }

  /** Replaces the file's content by `records`: new file, sync, rename, sync the directory. */
  rewrite(records: readonly unknown[], directory: string): void {
    const next = `${this.path}.new`;
    const text = lines(records);
    writeFileSync(next, text);
    const fd = openSync(next, 'r+');
    try {
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(next, this.path);
    // The rename is only durable once the directory entry is.
    const dir = openSync(directory, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    closeSync(this.#fd);
    this.#fd = openSync(this.path, 'a');
    this.#size = Buffer.byteLength(text);
  }

  close(): void {
    closeSync(this.#fd);
  }
}
