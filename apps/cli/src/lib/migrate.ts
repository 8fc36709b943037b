import { type Cassette, type CassetteStore, createError, type SkippedEntry } from '@cassettekit/core';
import { codecFor } from '@cassettekit/formats';
import { type Failure, failureOf } from '../util/exit.js';
import { forEachLimited } from '../util/pool.js';
import { placeCassette } from './place.js';

export interface MigrateOptions {
  /** Only names this predicate accepts (from `--only`/`--exclude`). */
  readonly filter?: (name: string) => boolean;
  /** Cassettes copied at once (default 4). */
  readonly concurrency?: number;
  /** Report what would be copied, write nothing. */
  readonly dryRun?: boolean;
  /**
   * Replace destination cassettes that differ from the source (or cannot be read). Without it they
   * are reported as failures: the destination may hold someone's newer recording.
   */
  readonly overwrite?: boolean;
  /** Transforms each cassette on the way (e.g. redaction); must not mutate its input. */
  readonly transform?: (name: string, cassette: Cassette) => Cassette;
  /** Called once the source is listed, with the number of cassettes to handle. */
  readonly onStart?: (total: number) => void;
  /** Called once per cassette as it finishes. */
  readonly onItem?: (item: MigratedItem) => void;
  /** Stops starting new cassettes (those in flight finish). */
  readonly signal?: AbortSignal;
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
  /** True when a signal stopped the run before every cassette was handled. */
  readonly interrupted: boolean;
  /**
   * Text bytes of the source cassettes handled: the size of each cassette's text (its file in a
   * folder), whichever store holds it — not what a store keeps on disk (sqlite: compresses).
   */
  readonly bytes: number;
  readonly seconds: number;
  readonly failures: readonly Failure[];
  /** What the source's listing passed over (keys that are no cassette name, links out of a folder). */
  readonly skipped: readonly SkippedEntry[];
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
  const textSizes = new Map<string, number>();
  const skipped: SkippedEntry[] = [];
  for await (const entry of source.list({ onSkip: (entry) => skipped.push(entry) })) {
    if (options.filter === undefined || options.filter(entry.name)) sizes.set(entry.name, entry.size ?? 0);
  }
  const names = [...sizes.keys()];
  options.onStart?.(names.length);
  const counts = { copied: 0, unchanged: 0, failed: 0, wouldCopy: 0 };
  const failures: Failure[] = [];
  let bytes = 0;

  await forEachLimited(
    names,
    options.concurrency ?? 4,
    async (name) => {
      let item: MigratedItem;
      try {
        item = {
          name,
          outcome: await copyOne(name, source, target, options, (bytes) => textSizes.set(name, bytes)),
        };
      } catch (error) {
        const failure = failureOf(name, error);
        item = { name, outcome: 'failed', error: { code: failure.code, message: failure.message } };
        failures.push(failure);
      }
      bytes += textSizes.get(name) ?? sizes.get(name) ?? 0;
      if (item.outcome === 'copied') counts.copied += 1;
      else if (item.outcome === 'unchanged') counts.unchanged += 1;
      else if (item.outcome === 'would copy') counts.wouldCopy += 1;
      else counts.failed += 1;
      options.onItem?.(item);
    },
    options.signal,
  );

  const handled = counts.copied + counts.unchanged + counts.failed + counts.wouldCopy;
  return {
    total: names.length,
    ...counts,
    interrupted: handled < names.length,
    bytes,
    seconds: (performance.now() - started) / 1000,
    failures: failures.sort((a, b) => (a.name < b.name ? -1 : 1)),
    skipped,
  };
}

async function copyOne(
  name: string,
  source: CassetteStore,
  target: CassetteStore,
  options: MigrateOptions,
  measured: (textBytes: number) => void,
): Promise<MigratedItem['outcome']> {
  const got = await source.get(name);
  if (got === null) {
    throw createError('NOT_FOUND', 'it disappeared during the migration (deleted by someone else)', {
      store: source.url,
      cassette: name,
      hint: 'Run the command again',
    });
  }
  measured(textSize(got.cassette));
  const cassette = options.transform === undefined ? got.cassette : options.transform(name, got.cassette);
  return placeCassette(source.url, target, name, cassette, options);
}

/** The size of a cassette's text: the text it was read from, else the text its codec writes. */
function textSize(cassette: Cassette): number {
  const original = cassette.format?.original;
  if (original !== undefined) return Buffer.byteLength(original.text);
  return Buffer.byteLength(
    codecFor(cassette.format?.style?.codec === 'json' ? 'json' : 'yaml').encode(cassette),
  );
}
