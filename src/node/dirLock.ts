import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { TrailConfigError } from '../TrailConfigError.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

// Directories this process holds: a second trail on one of them is refused like another process.
const held = new Set<string>();

/**
 * Takes the directory for this process: one writer per queue, or two would interleave their
 * records. A lock left by a process that died (SIGKILL, a crash) is taken over; one held by a
 * live process is a TrailConfigError. Returns the release.
 */
export function lockDirectory(dir: string): () => void {
  const path = resolve(dir, 'lock');
  if (held.has(path)) throw new TrailConfigError('dir', `${dir} is in use by another trail of this process`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(path);
      return () => {
        held.delete(path);
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8'));
      // Our own pid in a lock we do not hold: left by an earlier run that had the same pid
      // (a container's process 1), so stale.
      if (Number.isSafeInteger(holder) && holder > 0 && holder !== process.pid && alive(holder))
        throw new TrailConfigError('dir', `${dir} is in use by process ${holder} (one trail per directory)`);
      rmSync(path, { force: true });
    }
  }
  throw new TrailConfigError('dir', `${dir}: could not take its lock file`);
}
