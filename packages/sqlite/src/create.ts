import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Creating a database file atomically: it is built under a temporary name beside its place and
 * linked there whole, so a process killed while creating it never leaves a half-made database (or a
 * hot journal) that later opens refuse. What a killed builder left is removed by the next opener.
 */

const BUILD_MARK = '.creating-';

/** Where a new database is built before it is linked into place: beside it, named for this process. */
function buildName(path: string): string {
  return join(
    dirname(path),
    `.${basename(path)}${BUILD_MARK}${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

/**
 * Builds the empty database (schema, WAL mode) under a temporary name, then links it to `path`:
 * the file appears whole or not at all. When another process created it meanwhile, its file wins.
 */
export function createWhole(
  path: string,
  busyTimeoutMs: number,
  initialize: (db: Database.Database) => void,
): void {
  const temp = buildName(path);
  try {
    const db = new Database(temp, { timeout: busyTimeoutMs });
    try {
      initialize(db);
    } finally {
      db.close();
    }
    try {
      linkSync(temp, path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return;
      // A file system without hard links: rename, which can only replace a file created meanwhile.
      if (!existsSync(path)) renameSync(temp, path);
    }
    syncFolder(dirname(path));
  } finally {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${temp}${suffix}`, { force: true });
  }
}

function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not every file system syncs a folder; the link itself is done
  }
}

/** Removes what a killed process left while it built a database at `path` (its temporary files). */
export function removeDeadBuilds(path: string): void {
  const prefix = `.${basename(path)}${BUILD_MARK}`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid)) {
      rmSync(join(dirname(path), name), { force: true });
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
