import { createHash } from 'node:crypto';
import { closeSync, constants, existsSync, openSync, readFileSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import {
  type Cassette,
  type CassetteEntry,
  type CassetteStore,
  checkVersion,
  createError,
  defineStore,
  nameHasPrefix,
  nameProblem,
  type SkippedEntry,
  type WriteOptions,
} from '@cassettekit/core';
import type { CassetteCodec } from '@cassettekit/formats';
import { writeFileAtomic } from './atomic-write.js';
import { confine, type Found, followInside, isInside } from './confine.js';
import { FORMAT_FOLDER, readForeignFormat, writeForeignFormat } from './foreign-format.js';
import { ioError } from './io-error.js';
import { sweepLeftovers } from './leftovers.js';
import { withFileLock } from './lock.js';

export interface FileStoreOptions {
  /** The folder holding `<name><extension>` files. */
  readonly dir: string;
  readonly codec: CassetteCodec;
  /** Shown in errors (default `<codec>:<dir>`). */
  readonly url?: string;
  /** How long a write waits for another writer of the same cassette (default 30 s). */
  readonly lockTimeoutMs?: number;
  /** Refuse writes (`OpenOptions.readOnly`). */
  readonly readOnly?: boolean;
  /** Where cassettes live when not at `<name><extension>` (Polly's `polly:` layout). */
  readonly layout?: FileLayout;
}

/** A folder layout other than `<dir>/<name><extension>`. */
export interface FileLayout {
  /** The file holding `name`, relative to the folder, `/`-separated. */
  fileOf(name: string): string;
  /**
   * The cassette name a file holds (`rel` relative to the folder, `/`-separated), or a reason it holds
   * none; `read` gives its bytes (null when it went away).
   */
  nameOf(rel: string, read: () => Buffer | null): { name: string } | { skip: string } | null;
}

/**
 * A folder of cassette files, one per cassette, as vcrpy keeps them: `<dir>/<name>.yaml` (or `.yml`,
 * `.json`). Writes are atomic and `ifVersion` holds between processes (a lock file per cassette);
 * `version` is a hash of the file's bytes, so any writer — vcrpy included — changes it.
 */
export function createFileStore(options: FileStoreOptions): CassetteStore {
  const { dir, codec } = options;
  const url = options.url ?? `${codec.name}:${dir}`;

  const confinement = confine(dir, url);

  /**
   * The file that holds `name` (the layout's file, or the first extension that exists, else the
   * default one) as a real path inside the store (see confine.ts); `path` is null while the store
   * folder does not exist.
   */
  const locate = async (name: string): Promise<{ path: string | null; bytes: Buffer | null }> => {
    if (options.layout !== undefined) {
      const found = await confinement.find(options.layout.fileOf(name).split('/'), name);
      return { path: found?.path ?? null, bytes: found === null ? null : await readFound(found, url, name) };
    }
    // The cassette's folder is found once; then each extension costs one lstat (no error built for a
    // missing one) until a file is there.
    const segments = name.split('/');
    const depth = segments.length - 1;
    const last = segments[depth]!;
    const folder = await confinement.find(segments.slice(0, depth), name);
    if (folder === null) return { path: null, bytes: null };
    let first: string | null = null;
    for (const extension of codec.extensions) {
      segments[depth] = last + extension;
      const found = (await confinement.find(segments, name, { real: folder.path, depth }))!;
      first ??= found.path;
      const bytes = await readFound(found, url, name);
      if (bytes !== null) return { path: found.path, bytes };
    }
    return { path: first, bytes: null };
  };

  /** The first write of this store clears what killed writers left (leftovers.ts), once. */
  let swept: Promise<void> | undefined;
  const sweepOnce = (): Promise<void> => {
    swept ??= confinement
      .root()
      .then((root) => (root === null ? undefined : sweepLeftovers(root)))
      .catch(() => {});
    return swept;
  };

  /** The `.cassette-format` file of `name`, inside the store like every other path. */
  const formatFile = (name: string) => confinement.find([FORMAT_FOLDER, ...`${name}.json`.split('/')], name);

  return defineStore({
    url,
    capabilities: { crossProcessConditionalWrites: true, keepsFormat: true, persistent: true },
    readOnly: options.readOnly ?? false,

    async *list(listOptions): AsyncIterable<CassetteEntry> {
      const found = new Map<string, string>();
      const root = await confinement.root();
      const files = root === null ? [] : await walk(root, url, codec.extensions, listOptions.onSkip);
      for (const file of files) {
        if (options.layout !== undefined) {
          const rel = relative(root!, file).split(sep).join('/');
          const entry = options.layout.nameOf(rel, () => readFileSync(file));
          if (entry !== null && 'skip' in entry) listOptions.onSkip?.({ location: rel, reason: entry.skip });
          if (entry !== null && 'name' in entry && nameHasPrefix(entry.name, listOptions.prefix))
            found.set(entry.name, file);
          continue;
        }
        const extension = codec.extensions.find((e) => file.endsWith(e));
        if (extension === undefined) continue;
        const rel = relative(root!, file).split(sep).join('/');
        const name = rel.slice(0, -extension.length);
        if (!nameHasPrefix(name, listOptions.prefix) || found.has(name)) continue;
        // A file no command could name (a segment over 200 bytes, ...) is told, not listed.
        const problem = nameProblem(name);
        if (problem !== null) {
          listOptions.onSkip?.({ location: rel, reason: `not a valid cassette name: ${problem}` });
          continue;
        }
        found.set(name, file);
      }
      for (const name of found.keys()) {
        const bytes = await readIfFile(found.get(name)!, url, name);
        if (bytes !== null) yield { name, version: versionOf(bytes), size: bytes.length };
      }
    },

    async get(name) {
      const { bytes } = await locate(name);
      if (bytes === null) return null;
      const cassette = codec.decode(decodeUtf8(bytes, url, name), { store: url, cassette: name });
      // A format file behind a link that leaves the store is not read: the cassette alone is.
      const format = await formatFile(name).catch(() => null);
      const foreign =
        format === null || format.kind === 'missing' ? null : await readForeignFormat(format.path, cassette);
      // The version is hashed when asked for: a test run that only replays never needs it.
      let version: string | undefined;
      return {
        cassette: foreign ?? cassette,
        get version() {
          version ??= versionOf(bytes);
          return version;
        },
      };
    },

    async put(name, cassette: Cassette, writeOptions: WriteOptions) {
      const text = Buffer.from(codec.encode(cassette));
      await confinement.root(true).catch((error: unknown) => {
        throw ioError(error, url, name, dir);
      });
      const found = (await locate(name)) as { path: string; bytes: Buffer | null };
      // A new file takes the extension its dialect asks for (`.har` for Polly's HAR in a json: folder).
      const extension = options.layout === undefined ? codec.extensionFor?.(cassette) : undefined;
      const target =
        found.bytes === null && extension !== undefined && !found.path.endsWith(extension)
          ? {
              path: (await confinement.resolve(
                [...parentSegments(name), lastSegment(name) + extension],
                name,
              ))!,
              bytes: null,
            }
          : found;
      const format = (await formatFile(name))!.path;
      await sweepOnce();
      return withFileLock(
        target.path,
        { store: url, cassette: name, timeoutMs: options.lockTimeoutMs },
        async () => {
          const current = await readIfFile(target.path, url, name);
          checkVersion(current === null ? null : versionOf(current), writeOptions, url, name);
          try {
            await writeForeignFormat(format, codec, cassette);
            await writeFileAtomic(target.path, text);
          } catch (error) {
            throw ioError(error, url, name, target.path);
          }
          return { version: versionOf(text) };
        },
      ).catch((error: unknown) => {
        // The lock's own I/O (a full disk, a read-only folder) is named like the write's.
        throw ioError(error, url, name, target.path);
      });
    },

    async delete(name, writeOptions: WriteOptions) {
      const target = await locate(name);
      if (target.path === null || (target.bytes === null && writeOptions.ifVersion === undefined)) {
        checkVersion(null, writeOptions, url, name);
        return false;
      }
      const path = target.path;
      const format = (await formatFile(name))!.path;
      await sweepOnce();
      return withFileLock(
        path,
        { store: url, cassette: name, timeoutMs: options.lockTimeoutMs },
        async () => {
          const current = await readIfFile(path, url, name);
          checkVersion(current === null ? null : versionOf(current), writeOptions, url, name);
          if (current === null) return false;
          try {
            await rm(path);
            await rm(format, { force: true });
          } catch (error) {
            throw ioError(error, url, name, path);
          }
          return true;
        },
      ).catch((error: unknown) => {
        // The lock's own I/O (a full disk, a read-only folder) is named like the write's.
        throw ioError(error, url, name, path);
      });
    },
  });
}

function parentSegments(name: string): string[] {
  return name.split('/').slice(0, -1);
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** The version token of a file: a hash of its bytes. */
export function versionOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

/**
 * The bytes of a file `find` found, or null when there is none. A plain file is opened without
 * following a link (O_NOFOLLOW), so one swapped for a link since its lstat is never read through it.
 */
async function readFound(found: Found, url: string, name: string): Promise<Buffer | null> {
  if (found.kind === 'missing') return null;
  if (found.kind !== 'file' || NO_FOLLOW === 0) return readIfFile(found.path, url, name);
  let fd: number;
  try {
    fd = openSync(found.path, constants.O_RDONLY | NO_FOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') throw linkSwapped(url, name, found.path, error);
    throw ioError(error, url, name, found.path);
  }
  try {
    return readFileSync(fd);
  } catch (error) {
    throw ioError(error, url, name, found.path);
  } finally {
    closeSync(fd);
  }
}

/** Where O_NOFOLLOW exists (not on Windows), and 0 where it does not. */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

function linkSwapped(url: string, name: string, path: string, cause: unknown) {
  return createError('PERMISSION_DENIED', `${path} became a symlink while it was read; it was not followed`, {
    store: url,
    cassette: name,
    hint: 'Another process is replacing cassette files by links: retry, and check what writes to the store',
    cause,
  });
}

/**
 * Reads synchronously on purpose: a cassette is a small local file, and fs/promises pays a
 * thread-pool round trip per open/stat/read/close — more than the parse of a median cassette.
 */
async function readIfFile(path: string, url: string, name: string): Promise<Buffer | null> {
  try {
    // A missing file is the common case for all but one extension tried: no error built for it.
    if (!existsSync(path)) return null;
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw ioError(error, url, name, path);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The file's text; a file that is not UTF-8 is refused. Buffer's decoder is the fast one but replaces
 * bad bytes with U+FFFD, so only a text that contains U+FFFD is checked again, strictly.
 */
function decodeUtf8(bytes: Buffer, url: string, name: string): string {
  const text = bytes.toString('utf8');
  if (!text.includes('\uFFFD')) return text;
  try {
    return utf8.decode(bytes);
  } catch (error) {
    throw createError('INVALID_CASSETTE', 'the file is not UTF-8 text', {
      store: url,
      cassette: name,
      hint: 'Cassettes are UTF-8 YAML or JSON; restore the file from version control',
      cause: error,
    });
  }
}

/**
 * Every file under `root` (a real path) that may hold a cassette, our hidden format folder excluded.
 * Links are followed while they stay inside `root` (confine.ts); one that leaves, leads nowhere or
 * comes back to a folder already listed is passed over and told to `onSkip` by its place.
 */
async function walk(
  root: string,
  url: string,
  extensions: readonly string[],
  onSkip: ((skipped: SkippedEntry) => void) | undefined,
): Promise<string[]> {
  const out: string[] = [];
  const visited = new Set<string>();
  const where = (path: string) => relative(root, path).split(sep).join('/');
  const visit = async (folder: string, real: string): Promise<void> => {
    visited.add(real);
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      throw ioError(error, url, undefined, folder);
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (folder === root && entry.name === FORMAT_FOLDER) continue;
      if (entry.isDirectory()) await visit(path, join(real, entry.name));
      else if (entry.isFile()) out.push(path);
      else if (entry.isSymbolicLink()) {
        const found = await followInside(real, [entry.name]);
        const mayHoldCassettes = (isFolder: boolean) =>
          isFolder || extensions.some((e) => entry.name.endsWith(e));
        if (typeof found !== 'string' || !isInside(root, found)) {
          const reason = typeof found === 'string' ? 'a symlink that leads out of the store' : found.reason;
          if (mayHoldCassettes(await isFolderLink(path))) onSkip?.({ location: where(path), reason });
          continue;
        }
        const info = await stat(found).catch(() => null);
        if (info?.isDirectory()) {
          if (visited.has(found)) {
            onSkip?.({
              location: where(path),
              reason: `a symlink to a folder listed already (${where(found)})`,
            });
          } else await visit(path, found);
        } else if (info?.isFile()) out.push(path);
      }
    }
  };
  await visit(root, root);
  return out;
}

async function isFolderLink(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() === true;
}
