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
  /**
   * Like `resolve`, telling also what is there. `within` is where the first `depth` segments were
   * found already (a cassette's folder, resolved once for all the extensions tried).
   */
  find(segments: readonly string[], cassette: string | undefined, within?: Within): Promise<Found | null>;
}

/** The real path of an entry inside the store, and what it is. */
export interface Found {
  readonly path: string;
  /** `file` is a regular file itself; `linked` a link (inside the store) to anything; `other` a folder or the like. */
  readonly kind: 'missing' | 'file' | 'other' | 'linked';
}

/** The first `depth` segments of a path, found already at the real path `real`. */
export interface Within {
  readonly real: string;
  readonly depth: number;
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
  const find = async (
    segments: readonly string[],
    cassette: string | undefined,
    within?: Within,
  ): Promise<Found | null> => {
    const top = await root();
    if (top === null) return null;
    const found = await findInside(top, segments, within);
    if (!('reason' in found)) return found;
    throw createError(
      'PERMISSION_DENIED',
      `refused to follow ${found.location}: ${found.reason}; the store never reads or writes outside its folder`,
      {
        store,
        cassette,
        hint: 'Replace the symlink by a real folder or file inside the store, or open the store where it points',
      },
    );
  };
  return {
    root,
    find,
    resolve: async (segments, cassette) => (await find(segments, cassette))?.path ?? null,
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
  const found = await findInside(root, segments);
  return 'reason' in found ? found : found.path;
}

/** `followInside`, telling what it found, and starting `within` a folder found already. */
async function findInside(
  root: string,
  segments: readonly string[],
  within: Within = { real: root, depth: 0 },
): Promise<Found | Escape> {
  let current = within.real;
  let kind: Found['kind'] = 'other';
  for (let i = within.depth; i < segments.length; i += 1) {
    const candidate = childOf(current, segments[i]!);
    const info = lstatIfAny(candidate);
    if (info === undefined) return { path: join(candidate, ...segments.slice(i + 1)), kind: 'missing' };
    current = candidate;
    kind = info.isFile() ? 'file' : 'other';
    if (!info.isSymbolicLink()) continue;
    const location = segments.slice(0, i + 1).join('/');
    const target = await realpath(candidate).catch(() => null);
    if (target === null) {
      const points = resolve(dirname(candidate), await readlink(candidate).catch(() => '?'));
      return { location, reason: `a symlink to nothing (-> ${points})` };
    }
    if (!isInside(root, target))
      return { location, reason: `a symlink that leads out of the store (-> ${target})` };
    current = target;
    kind = 'linked';
  }
  return { path: current, kind };
}

/** `join(folder, entry)`, without join's normalizing for a plain entry name: this runs on every get. */
function childOf(folder: string, entry: string): string {
  if (entry === '' || entry === '.' || entry === '..' || entry.includes('/') || entry.includes(sep))
    return join(folder, entry);
  return folder.endsWith(sep) ? folder + entry : folder + sep + entry;
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
