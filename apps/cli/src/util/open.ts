import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type CassetteStore, isCassetteError, type OpenOptions, parseStoreUrl } from '@cassettekit/core';
import { registry } from '../registry.js';
import type { ResolvedStore } from './config.js';
import { describeError, UsageError } from './exit.js';

/**
 * Opens a store that must already exist (a source). One that does not exist is a usage error
 * (exit 2); one that exists but cannot be used (damaged, unreachable, locked) is a failure (exit 1).
 */
export async function openSource(store: ResolvedStore): Promise<CassetteStore> {
  return openOrUsageError(store, {});
}

async function openOrUsageError(store: ResolvedStore, options: OpenOptions): Promise<CassetteStore> {
  try {
    return await registry.open(store.url, { cwd: store.cwd, ...options });
  } catch (error) {
    if (isMissingStore(error)) throw new UsageError(describeError(error));
    throw error;
  }
}

/** The error a driver throws for a store (folder, file, bucket) that does not exist. */
export function isMissingStore(error: unknown): boolean {
  return isCassetteError(error, 'NOT_FOUND');
}

/**
 * Opens a store that is written to (a destination), creating it as needed. What its driver will not
 * create (an S3 bucket without `?createBucket=true`) is a usage error (exit 2) naming it.
 */
export async function openTarget(store: ResolvedStore): Promise<CassetteStore> {
  const file = sqliteFile(store);
  const isNew = file !== null && !existsSync(file);
  const target = await openOrUsageError(store, { create: true });
  return isNew ? removedIfLeftEmpty(target, file) : target;
}

/**
 * Opens a store that is written to, like openTarget, and says whether it exists yet: `serve` records
 * into a store that may not exist, and tells the user so (a mistyped path shows at once).
 */
export async function openTargetNoting(
  store: ResolvedStore,
): Promise<{ store: CassetteStore; isNew: boolean }> {
  try {
    return { store: await registry.open(store.url, { cwd: store.cwd }), isNew: false };
  } catch (error) {
    if (!isMissingStore(error)) throw error;
    return { store: await openTarget(store), isNew: true };
  }
}

/**
 * The database file of a sqlite: URL (read as its driver reads it: `sqlite:PATH` or `sqlite://PATH`,
 * relative to the store's folder), else null. Folder stores create their folder on the first write
 * and S3 buckets are never removed: only a database is created by opening it.
 */
function sqliteFile(store: ResolvedStore): string | null {
  const url = parseStoreUrl(store.url);
  if (url.scheme !== 'sqlite') return null;
  const location = url.location.startsWith('//') ? url.location.slice(2) : url.location;
  return location === '' ? null : resolve(store.cwd, location);
}

/**
 * A database this run created is removed again on close when it holds no cassette: a run that wrote
 * nothing (every cassette failed, nothing matched) leaves no empty store behind.
 */
function removedIfLeftEmpty(store: CassetteStore, file: string): CassetteStore {
  return {
    ...store,
    close: async () => {
      let empty = false;
      try {
        empty = (await store.list()[Symbol.asyncIterator]().next()).done === true;
      } finally {
        await store.close();
      }
      if (empty)
        await Promise.all(
          ['', '-wal', '-shm', '-journal'].map((end) => rm(`${file}${end}`, { force: true })),
        );
    },
  };
}

/** Every name in a store, in order. */
export async function listNames(store: CassetteStore, prefix?: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of store.list(prefix === undefined ? {} : { prefix })) out.push(entry.name);
  return out;
}

/** Opens two existing stores for a comparison; the first is closed again if the second fails. */
export async function openBoth(a: ResolvedStore, b: ResolvedStore): Promise<[CassetteStore, CassetteStore]> {
  const first = await openSource(a);
  try {
    return [first, await openSource(b)];
  } catch (error) {
    await first.close();
    throw error;
  }
}

/** Opens a store read-only if it exists; null when it does not (any other problem is thrown). */
export async function openIfExists(store: ResolvedStore): Promise<CassetteStore | null> {
  try {
    return await registry.open(store.url, { cwd: store.cwd, readOnly: true });
  } catch (error) {
    if (isMissingStore(error)) return null;
    throw error;
  }
}
