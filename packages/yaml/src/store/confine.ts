import { lstatSync, type Stats } from 'node:fs';
import { mkdir, readlink, realpath } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { createError } from '@cassettekit/core';

/**
 * The one symlink rule of the folder store: a link is followed only while it stays inside the
 * store's real path. Every operation — get, put, delete, list, and the lock, temp and
 * `.cassette-format` files beside a cassette — finds its files through here, so none of them reads
 * or writes outside the folder (a folder link to `/elsewhere`, a file link to `/etc/passwd`).
 */
export interface Confinement {
  /** The store folder's real path, or null while it does not exist (creating it when asked). */
  root(create?: boolean): Promise<string | null>;
  /**
   * The real path of `segments` under the store folder (links inside followed), or a
   * PERMISSION_DENIED error naming the link when one leads out. Null when the folder does not exist.
   */
  resolve(segments: readonly string[], cassette: string | undefined): Promise<string | null>;
}

/** Where a link leads, when it leaves the store (or leads nowhere). */
export interface Escape {
  /** The link, relative to the store folder, `/`-separated. */
  readonly location: string;
  readonly reason: string;
}

export function confine(dir: string, store: string): Confinement {
  let real: string | null = null;
  const root = async (create = false): Promise<string | null> => {
    if (real !== null) return real;
    if (create) await mkdir(dir, { recursive: true });
    try {
      real = await realpath(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return real;
  };
  return {
    root,
    async resolve(segments, cassette) {
      const top = await root();
      if (top === null) return null;
      const found = await followInside(top, segments);
      if (typeof found === 'string') return found;
      throw createError(
        'PERMISSION_DENIED',
        `refused to follow ${found.location}: ${found.reason}; the store never reads or writes outside its folder`,
        {
          store,
          cassette,
          hint: 'Replace the symlink by a real folder or file inside the store, or open the store where it points',
        },
      );
    },
  };
}

/** True when `path` (a real path) is `root` or lies under it. */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Walks `segments` down from `root` one entry at a time, following each link whose real path stays
 * inside `root`: the real path of the whole, or the first link that escapes. Entries that do not
 * exist yet are appended as they are (they are created inside the real folder found so far).
 */
export async function followInside(root: string, segments: readonly string[]): Promise<string | Escape> {
  let current = root;
  for (let i = 0; i < segments.length; i += 1) {
    const candidate = join(current, segments[i]!);
    const info = lstatIfAny(candidate);
    if (info === undefined) return join(candidate, ...segments.slice(i + 1));
    if (!info.isSymbolicLink()) {
      current = candidate;
      continue;
    }
    const location = segments.slice(0, i + 1).join('/');
    const target = await realpath(candidate).catch(() => null);
    if (target === null) {
      const points = resolve(dirname(candidate), await readlink(candidate).catch(() => '?'));
      return { location, reason: `a symlink to nothing (-> ${points})` };
    }
    if (!isInside(root, target))
      return { location, reason: `a symlink that leads out of the store (-> ${target})` };
    current = target;
  }
  return current;
}

/**
 * The entry's lstat, or undefined when there is none. Synchronous on purpose, like the cassette
 * reads: a local lstat is microseconds, and fs/promises pays a thread-pool round trip per call —
 * and a rejected promise with its error per missing entry (every `.cassette-format` file, every
 * extension tried) — which made reading a cassette cost many times what parsing it does.
 */
function lstatIfAny(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
}
