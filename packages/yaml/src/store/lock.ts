import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { createError } from '@cassette/core';

export interface LockContext {
  readonly store: string;
  readonly cassette: string;
  /** Give up after this long (default 30 s): a lock is held only for one write. */
  readonly timeoutMs?: number;
}

/**
 * A lock file beside the cassette (`x.yaml.lock`, created with O_EXCL), held while a write checks the
 * current version and renames: this is what makes `ifVersion` hold between processes. The lock
 * records pid and host, so one left by a killed process on this machine is taken over.
 */
export async function withFileLock<T>(
  path: string,
  context: LockContext,
  work: () => Promise<T>,
): Promise<T> {
  const lockPath = `${path}.lock`;
  const deadline = Date.now() + (context.timeoutMs ?? 30_000);
  const owner = `${process.pid} ${hostname()}\n`;
  let delay = 2;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(owner);
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        // The first cassette of a new folder: create the folder, then take the lock.
        await mkdir(dirname(lockPath), { recursive: true });
        continue;
      }
      if (code !== 'EEXIST') throw error;
      if (await isStale(lockPath)) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw createError('UNAVAILABLE', `the cassette is locked by another writer (${lockPath})`, {
          store: context.store,
          cassette: context.cassette,
          hint: 'Retry when the other writer is done; if no process holds it, delete the .lock file',
        });
      }
      await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 50);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}

/** A lock whose process is gone (same host), or an empty one older than 10 s (killed mid-create). */
async function isStale(lockPath: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch {
    return false;
  }
  const [pid, host] = text.trim().split(' ');
  if (pid === undefined || pid === '') {
    const info = await stat(lockPath).catch(() => null);
    return info !== null && Date.now() - info.mtimeMs > 10_000;
  }
  if (host !== hostname()) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
