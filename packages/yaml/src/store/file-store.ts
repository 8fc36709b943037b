import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
  type WriteOptions,
} from '@cassettekit/core';
import type { CassetteCodec } from '@cassettekit/formats';
import { writeFileAtomic } from './atomic-write.js';
import { FORMAT_FOLDER, readForeignFormat, writeForeignFormat } from './foreign-format.js';
import { ioError } from './io-error.js';
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

  /** The file that holds `name`: the first extension that exists, else the default one. */
  const locate = async (name: string): Promise<{ path: string; bytes: Buffer | null }> => {
    if (options.layout !== undefined) {
      const path = join(dir, ...options.layout.fileOf(name).split('/'));
      return { path, bytes: await readIfFile(path, url, name) };
    }
    for (const extension of codec.extensions) {
      const path = join(dir, ...name.split('/')) + extension;
      const bytes = await readIfFile(path, url, name);
      if (bytes !== null) return { path, bytes };
    }
    return { path: join(dir, ...name.split('/')) + codec.extensions[0], bytes: null };
  };

  return defineStore({
    url,
    capabilities: { crossProcessConditionalWrites: true, keepsFormat: true, persistent: true },
    readOnly: options.readOnly ?? false,

    async *list(listOptions): AsyncIterable<CassetteEntry> {
      const found = new Map<string, string>();
      for (const file of await walk(dir, url)) {
        if (options.layout !== undefined) {
          const rel = relative(dir, file).split(sep).join('/');
          const entry = options.layout.nameOf(rel, () => readFileSync(file));
          if (entry !== null && 'skip' in entry) listOptions.onSkip?.({ location: rel, reason: entry.skip });
          if (entry !== null && 'name' in entry && nameHasPrefix(entry.name, listOptions.prefix))
            found.set(entry.name, file);
          continue;
        }
        const extension = codec.extensions.find((e) => file.endsWith(e));
        if (extension === undefined) continue;
        const name = relative(dir, file).slice(0, -extension.length).split(sep).join('/');
        if (!nameHasPrefix(name, listOptions.prefix) || found.has(name)) continue;
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
      const foreign = await readForeignFormat(dir, name, cassette);
      return { cassette: foreign ?? cassette, version: versionOf(bytes) };
    },

    async put(name, cassette: Cassette, writeOptions: WriteOptions) {
      const text = Buffer.from(codec.encode(cassette));
      const found = await locate(name);
      const extension = options.layout === undefined ? codec.extensionFor?.(cassette) : undefined;
      const target =
        found.bytes === null && extension !== undefined
          ? { path: join(dir, ...name.split('/')) + extension, bytes: null }
          : found;
      return withFileLock(
        target.path,
        { store: url, cassette: name, timeoutMs: options.lockTimeoutMs },
        async () => {
          const current = await readIfFile(target.path, url, name);
          checkVersion(current === null ? null : versionOf(current), writeOptions, url, name);
          try {
            await writeForeignFormat(dir, name, codec, cassette);
            await writeFileAtomic(target.path, text);
          } catch (error) {
            throw ioError(error, url, name, target.path);
          }
          return { version: versionOf(text) };
        },
      );
    },

    async delete(name, writeOptions: WriteOptions) {
      const target = await locate(name);
      if (target.bytes === null && writeOptions.ifVersion === undefined) return false;
      return withFileLock(
        target.path,
        { store: url, cassette: name, timeoutMs: options.lockTimeoutMs },
        async () => {
          const current = await readIfFile(target.path, url, name);
          checkVersion(current === null ? null : versionOf(current), writeOptions, url, name);
          if (current === null) return false;
          try {
            await rm(target.path);
            await rm(join(dir, FORMAT_FOLDER, `${name}.json`), { force: true });
          } catch (error) {
            throw ioError(error, url, name, target.path);
          }
          return true;
        },
      );
    },
  });
}

/** The version token of a file: a hash of its bytes. */
export function versionOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

/**
 * Reads synchronously on purpose: a cassette is a small local file, and fs/promises pays a
 * thread-pool round trip per open/stat/read/close — more than the parse of a median cassette.
 */
async function readIfFile(path: string, url: string, name: string): Promise<Buffer | null> {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw ioError(error, url, name, path);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Buffer, url: string, name: string): string {
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

/** Every file under `root` (our hidden format folder excluded). */
async function walk(root: string, url: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (folder: string): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && folder !== root) return;
      if (code === 'ENOENT') {
        const exists = await stat(root).catch(() => null);
        if (exists === null) return;
      }
      throw ioError(error, url, undefined, folder);
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (folder === root && entry.name === FORMAT_FOLDER) continue;
        await visit(path);
      } else if (entry.isFile()) out.push(path);
    }
  };
  await visit(root);
  return out;
}
