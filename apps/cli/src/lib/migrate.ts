import { type Cassette, type CassetteStore, contentDigest, isCassetteError } from '@cassette/core';
import { forEachLimited } from '../util/pool.js';

export interface MigrateOptions {
  /** Only names this predicate accepts (from `--only`/`--exclude`). */
  readonly filter?: (name: string) => boolean;
  /** Cassettes copied at once (default 4). */
  readonly concurrency?: number;
  /** Report what would be copied, write nothing. */
  readonly dryRun?: boolean;
  /** Transforms each cassette on the way (e.g. redaction); must not mutate its input. */
  readonly transform?: (name: string, cassette: Cassette) => Cassette;
  /** Called once per cassette as it finishes. */
  readonly onItem?: (item: MigratedItem) => void;
}

export interface MigratedItem {
  readonly name: string;
  readonly outcome: 'copied' | 'unchanged' | 'failed' | 'would copy';
  readonly error?: { readonly code: string; readonly message: string };
}

export interface MigrateSummary {
  readonly total: number;
  readonly copied: number;
  readonly unchanged: number;
  readonly failed: number;
  readonly wouldCopy: number;
  /** Bytes of the source cassettes handled, where the source reports sizes. */
  readonly bytes: number;
  readonly seconds: number;
  readonly failures: readonly { name: string; code: string; message: string }[];
}

/**
 * Copies every cassette from `source` to `target`. Cassettes whose digest the target already holds
 * are skipped, every write is read back and its digest checked, and one failed cassette never stops
 * the others. Each write is atomic in every store, so an interrupted run leaves no partial cassette,
 * and running it again finishes the job.
 */
export async function migrateStores(
  source: CassetteStore,
  target: CassetteStore,
  options: MigrateOptions = {},
): Promise<MigrateSummary> {
  const started = performance.now();
  const sizes = new Map<string, number>();
  for await (const entry of source.list()) {
    if (options.filter === undefined || options.filter(entry.name)) sizes.set(entry.name, entry.size ?? 0);
  }
  const names = [...sizes.keys()];
  const counts = { copied: 0, unchanged: 0, failed: 0, wouldCopy: 0 };
  const failures: { name: string; code: string; message: string }[] = [];

  await forEachLimited(names, options.concurrency ?? 4, async (name) => {
    let item: MigratedItem;
    try {
      item = { name, outcome: await copyOne(name, source, target, options) };
    } catch (error) {
      const code = isCassetteError(error) ? error.code : 'ERROR';
      const message = error instanceof Error ? error.message : String(error);
      item = { name, outcome: 'failed', error: { code, message } };
      failures.push({ name, code, message });
    }
    if (item.outcome === 'copied') counts.copied += 1;
    else if (item.outcome === 'unchanged') counts.unchanged += 1;
    else if (item.outcome === 'would copy') counts.wouldCopy += 1;
    else counts.failed += 1;
    options.onItem?.(item);
  });

  return {
    total: names.length,
    ...counts,
    bytes: [...sizes.values()].reduce((a, b) => a + b, 0),
    seconds: (performance.now() - started) / 1000,
    failures: failures.sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}

async function copyOne(
  name: string,
  source: CassetteStore,
  target: CassetteStore,
  options: MigrateOptions,
): Promise<MigratedItem['outcome']> {
  const got = await source.get(name);
  if (got === null) throw new Error(`${name} disappeared from ${source.url} during the migration`);
  const cassette = options.transform === undefined ? got.cassette : options.transform(name, got.cassette);
  const digest = contentDigest(cassette.data);
  const existing = await target.get(name).catch((error: unknown) => {
    // A broken cassette in the target is replaced by the good one from the source.
    if (isCassetteError(error, 'INVALID_CASSETTE')) return 'broken' as const;
    throw error;
  });
  if (existing !== null && existing !== 'broken' && contentDigest(existing.cassette.data) === digest)
    return 'unchanged';
  if (options.dryRun === true) return 'would copy';
  // Compare-and-swap against what was just read: a cassette someone changed meanwhile is a conflict,
  // not something to overwrite silently.
  const ifVersion = existing === null ? null : existing === 'broken' ? undefined : existing.version;
  await target.put(name, cassette, ifVersion === undefined ? {} : { ifVersion });
  const back = await target.get(name);
  if (back === null || contentDigest(back.cassette.data) !== digest) {
    throw new Error(`verification failed: ${name} in ${target.url} does not read back as written`);
  }
  return 'copied';
}
