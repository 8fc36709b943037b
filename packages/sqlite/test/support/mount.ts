import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real file systems for the tests that need one: a small tmpfs that fills up, a tmpfs remounted
 * read-only, a file bound read-only onto itself. Root only (chmod cannot make anything read-only for
 * root, and only root mounts); elsewhere these tests skip, saying why.
 */

function mountWorks(): boolean {
  if (process.getuid?.() !== 0) return false;
  const dir = mkdtempSync(join(tmpdir(), 'cassette-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const canMount = mountWorks();
export const noMountReason = 'needs root and mount(8) (a tmpfs or a read-only bind mount)';

export function mountTmpfs(dir: string, bytes: number): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
}

export function remountReadOnly(dir: string): void {
  execFileSync('mount', ['-o', 'remount,ro', dir]);
}

/** `path` (a file or folder) becomes read-only in place: writes to it fail with EROFS, even for root. */
export function bindReadOnly(path: string): void {
  execFileSync('mount', ['--bind', path, path]);
  execFileSync('mount', ['-o', 'remount,bind,ro', path]);
}

export function unmount(path: string): void {
  execFileSync('umount', [path]);
}
