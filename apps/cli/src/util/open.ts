import { type CassetteStore, isCassetteError } from '@cassette/core';
import { registry } from '../registry.js';
import type { ResolvedStore } from './config.js';
import { UsageError } from './exit.js';

/** Opens a store that must already exist (a source): a missing one is a usage error (exit 2). */
export async function openSource(store: ResolvedStore): Promise<CassetteStore> {
  try {
    return await registry.open(store.url, { cwd: store.cwd });
  } catch (error) {
    if (isCassetteError(error, 'UNAVAILABLE')) throw new UsageError(error.message);
    throw error;
  }
}

/** Opens a store that is written to (a destination), creating it as needed. */
export async function openTarget(store: ResolvedStore): Promise<CassetteStore> {
  return registry.open(store.url, { cwd: store.cwd, create: true });
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
