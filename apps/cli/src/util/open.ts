import { type CassetteStore, isCassetteError, type OpenOptions } from '@cassettekit/core';
import { registry } from '../registry.js';
import type { ResolvedStore } from './config.js';
import { UsageError } from './exit.js';

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
    if (isMissingStore(error)) throw new UsageError((error as Error).message);
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
  return openOrUsageError(store, { create: true });
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
