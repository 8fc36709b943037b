import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { staleOwner, takeOver } from './lock.js';

/** `.name.<pid>.<8 hex>.tmp`, as writeFileAtomic names its temp files. */
const TEMP = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes what killed writers left anywhere in the store folder — lock files whose owner is gone
 * (or empty ones older than 10 s: see staleOwner), lock-break guards and temp files of processes
 * that no longer run, in
 * the cassette folders and in `.cassette-format` — so that a kill or a full disk leaves nothing the
 * next writer does not clear. Lock breaking goes through the lock's own guarded takeOver. Links are
 * not followed: everything inside the store is reached through real folders.
 */
export async function sweepLeftovers(root: string): Promise<void> {
  const visit = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await visit(path);
      else if (!entry.isFile()) continue;
      else if (entry.name.endsWith('.lock')) {
        const stale = await staleOwner(path);
        if (stale !== null) await takeOver(path, stale);
      } else if (entry.name.endsWith('.lock.break')) {
        const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
        if (pid > 0 && !isRunning(pid)) await rm(path, { force: true });
      } else {
        const pid = TEMP.exec(entry.name)?.[1];
        if (pid !== undefined && !isRunning(Number(pid))) await rm(path, { force: true });
      }
    }
  };
  await visit(root);
}

/** Whether a process with this pid runs on this machine (a temp file names no host: see atomic-write). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
