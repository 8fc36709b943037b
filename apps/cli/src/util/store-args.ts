import { assertValidName } from '@cassettekit/core';
import { registry } from '../registry.js';
import { isStoreArg, type ProjectConfig } from './config.js';
import { UsageError } from './exit.js';

/**
 * Splits positionals like `[a] [b] [names...]`: the leading words that name stores (a URL with a
 * known scheme, or a configured remote), at most `max` of them, then cassette names. So the store
 * can be left out when the project has one: `cassette show agents/x` reads the project store.
 */
export function storesAndNames(
  args: readonly string[],
  config: ProjectConfig,
  max: number,
): { stores: string[]; names: string[] } {
  const stores: string[] = [];
  let i = 0;
  while (i < args.length && stores.length < max && isStoreArg(args[i]!, config, registry.schemes)) {
    stores.push(args[i]!);
    i += 1;
  }
  return { stores, names: args.slice(i) };
}

/** Two stores to compare: both given, or the project store and the one given. */
export function twoStores(stores: readonly string[], command: string): [string | undefined, string] {
  if (stores.length === 2) return [stores[0], stores[1]!];
  if (stores.length === 1) return [undefined, stores[0]!];
  throw new UsageError(
    `${command} needs a store to compare with: a store URL (yaml:..., sqlite:..., s3://...) or a remote name from the project's configuration`,
  );
}

/**
 * Refuses invalid cassette names before any is handled: an invalid name is a usage error (exit 2)
 * in every command, not one failed cassette among others.
 */
export function assertValidNames(names: readonly string[], store: string): void {
  for (const name of names) assertValidName(name, store);
}
