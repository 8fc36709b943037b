import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createError } from '@cassettekit/core';

export interface LockContext {
  readonly store: string;
  readonly cassette: string;
  /** Give up after this long (default 30 s): a lock is held only for one write. */
  readonly timeoutMs?: number;
}

/**
 * A lock file beside the cassette (`x.yaml.lock`, created with O_EXCL), held while a write checks the
 * current version and renames: this is what makes `ifVersion` hold between processes. The lock
 * records pid, host and a random token, so one left by a killed process on this machine is taken
 * over (see takeOver), and a writer only ever removes its own lock.
 */
export async function withFileLock<T>(
  path: string,
  context: LockContext,
  work: () => Promise<T>,
): Promise<T> {
  const lockPath = `${path}.lock`;
  const deadline = Date.now() + (context.timeoutMs ?? 30_000);
  const owner = `${process.pid} ${hostname()} ${randomBytes(8).toString('hex')}\n`;
  let delay = 2;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(owner);
      } catch (error) {
        // A full disk: the lock was made but holds no owner. Leave nothing behind.
        await handle.close().catch(() => {});
        await rm(lockPath, { force: true });
        throw error;
      }
      await handle.close();
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        // The first cassette of a new folder: create the folder, then take the lock.
        await mkdir(dirname(lockPath), { recursive: true });
        continue;
      }
      if (code !== 'EEXIST') throw error;
      const stale = await staleOwner(lockPath);
      if (stale !== null) {
        await takeOver(lockPath, stale);
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
    // Only our own lock: never one that someone took over after judging ours stale.
    if ((await readFile(lockPath, 'utf8').catch(() => '')) === owner) await rm(lockPath, { force: true });
  }
}

/**
 * The content of a lock whose process is gone (same host), or of an empty one older than 10 s
 * (killed between create and write); null when the lock is live.
 */
export async function staleOwner(lockPath: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch {
    return null;
  }
  const [pid, host] = text.trim().split(' ');
  if (pid === undefined || pid === '') {
    const info = await stat(lockPath).catch(() => null);
    return info !== null && Date.now() - info.mtimeMs > 10_000 ? text : null;
  }
  if (host !== hostname()) return null;
  try {
    process.kill(Number(pid), 0);
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? text : null;
  }
}

/**
 * Removes a stale lock so that the O_EXCL create can be retried. Breaking happens under a short guard
 * lock (`x.yaml.lock.break`, O_EXCL), and only if the lock still holds the dead owner it was judged
 * by: two waiters never both break it, and a live lock is never touched. A guard left by a killed
 * breaker is removed after a few seconds. The dead writer's temp files go too.
 */
export async function takeOver(lockPath: string, staleText: string): Promise<void> {
  const guard = `${lockPath}.break`;
  try {
    // The guard names its owner, so that one left by a killed breaker can be cleared (leftovers.ts).
    const handle = await open(guard, 'wx');
    await handle.writeFile(`${process.pid}\n`).finally(() => handle.close());
  } catch {
    const info = await stat(guard).catch(() => null);
    if (info !== null && Date.now() - info.mtimeMs > GUARD_STALE_MS) await rm(guard, { force: true });
    return; // Someone else is breaking it: wait and look again.
  }
  try {
    if ((await readFile(lockPath, 'utf8').catch(() => '')) !== staleText) return;
    await rm(lockPath, { force: true });
    const deadPid = staleText.trim().split(' ')[0];
    if (deadPid !== undefined && deadPid !== '')
      await removeTempFiles(lockPath.slice(0, -'.lock'.length), deadPid);
  } finally {
    await rm(guard, { force: true });
  }
}

/** A break guard older than this was left by a killed process (breaking takes milliseconds). */
const GUARD_STALE_MS = 5_000;

/** Temp files a killed writer left for `path` (`.name.<pid>.<random>.tmp`, see atomic-write.ts). */
async function removeTempFiles(path: string, pid: string): Promise<void> {
  const prefix = `.${basename(path)}.${pid}.`;
  const folder = dirname(path);
  const names = await readdir(folder).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((n) => n.startsWith(prefix) && n.endsWith('.tmp'))
      .map((n) => rm(join(folder, n), { force: true })),
  );
}
