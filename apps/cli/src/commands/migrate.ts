import { type CassetteStore, createMemoryStore, parseStoreUrl } from '@cassettekit/core';
import type { Command } from 'commander';
import { migrateStores } from '../lib/migrate.js';
import { loadConfig, type ResolvedStore, resolveStore } from '../util/config.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../util/exit.js';
import { formatBytes, formatSeconds } from '../util/format.js';
import { collectGlobs, nameFilter, unmatchedMessage } from '../util/glob.js';
import { EXIT_INTERRUPTED, onInterrupt } from '../util/interrupt.js';
import { openIfExists, openSource, openTarget } from '../util/open.js';
import { createProgress, type Progress } from '../util/progress.js';
import { formatSkipped } from '../util/skipped.js';

interface MigrateFlags {
  only: string[];
  exclude: string[];
  concurrency: string;
  dryRun?: boolean;
  overwrite?: boolean;
  redact?: boolean;
  json?: boolean;
  createBucket?: boolean;
}

export function registerMigrate(program: Command, setExit: (code: number) => void): void {
  program
    .command('migrate')
    .description('copy every cassette from one store to another, verifying each write')
    .argument('<from>', 'source store URL (or a configured remote name)')
    .argument('<to>', 'destination store URL (created as needed)')
    .option(
      '--only <glob>',
      'only cassettes whose names match (e.g. "agents/**"); repeat it or use commas',
      collectGlobs,
      [],
    )
    .option('--exclude <glob>', 'skip cassettes whose names match; repeat it or use commas', collectGlobs, [])
    .option('--concurrency <n>', 'cassettes copied at once', '4')
    .option('--dry-run', 'show what would be copied; write nothing')
    .option(
      '--overwrite',
      'replace destination cassettes that differ from the source (default: report them, exit 1)',
    )
    .option('--redact', 'replace credentials with placeholders on the way (as "cassette redact" does)')
    .option('--json', 'print a JSON summary (counts, bytes, seconds, failures, skipped) instead of lines')
    .option('--create-bucket', 'create the destination S3 bucket when it does not exist (default: exit 2)')
    .addHelpText(
      'after',
      `
Cassettes the destination already holds (same content digest) are skipped, so an interrupted
migration is finished by running it again. Every written cassette is read back and checked. A
destination cassette that differs from the source is not replaced unless --overwrite is given.
What the source holds that is no cassette (an S3 key that is no valid name, a link leading out of
a folder) is named as skipped. The byte total is the cassettes' text size (their files in a
folder), the same whichever way they are copied. A destination folder or database is created as
needed (one this run created and wrote nothing into is not left behind); an S3 bucket only with
--create-bucket.

Examples:
  $ cassette migrate yaml:tests/cassettes sqlite:cassettes.db
  $ cassette migrate yaml:tests/cassettes s3://my-bucket/cassettes --only "agents/**" --concurrency 8
  $ cassette migrate sqlite:cassettes.db yaml:tests/cassettes --dry-run
  $ cassette migrate yaml:tests/cassettes s3://my-bucket/shared --redact`,
    )
    .action(async (from: string, to: string, flags: MigrateFlags) => {
      const concurrency = Number(flags.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new UsageError('--concurrency must be a whole number >= 1');
      const cwd = process.cwd();
      const config = await loadConfig(cwd);
      const destination = withCreateBucket(resolveStore(to, config, cwd), flags.createBucket === true);
      const source = await openSource(resolveStore(from, config, cwd));
      const target = await (flags.dryRun === true
        ? openExisting(destination, flags.createBucket === true)
        : openTarget(destination)
      ).catch(async (error: unknown) => {
        await source.close();
        throw error;
      });
      const interrupt = onInterrupt();
      try {
        const filter = nameFilter(flags.only, flags.exclude);
        let progress: Progress | undefined;
        const summary = await migrateStores(source, target, {
          filter: filter.accepts,
          concurrency,
          dryRun: flags.dryRun === true,
          overwrite: flags.overwrite === true,
          ...(flags.redact === true
            ? { transform: await (await import('../util/secrets.js')).projectRedaction(config, cwd) }
            : {}),
          signal: interrupt.signal,
          onStart: (total) => {
            progress = createProgress(total, { json: flags.json === true });
          },
          onItem: (item) => progress?.item(item.name, item.outcome, item.error?.message),
        });
        progress?.done();
        if (flags.json === true) {
          process.stdout.write(`${JSON.stringify({ from: source.url, to, ...summary }, null, 2)}\n`);
        } else {
          const parts = [
            `${summary.copied} copied`,
            `${summary.unchanged} unchanged`,
            ...(summary.wouldCopy > 0 ? [`${summary.wouldCopy} would be copied`] : []),
            `${summary.failed} failed`,
            ...(summary.skipped.length > 0 ? [`${summary.skipped.length} skipped (not cassettes)`] : []),
          ];
          process.stdout.write(
            `${summary.total} cassettes from ${source.url} to ${to}: ${parts.join(', ')} (${formatBytes(summary.bytes)}, ${formatSeconds(summary.seconds * 1000)})\n`,
          );
          for (const entry of summary.skipped) process.stderr.write(`${formatSkipped(source.url, entry)}\n`);
          for (const failure of summary.failures) process.stderr.write(`failed: ${failure.message}\n`);
          if (summary.interrupted)
            process.stderr.write(
              'Interrupted: run the same command again to finish; what was copied is complete.\n',
            );
          else if (summary.failed > 0)
            process.stderr.write(
              'Fix or remove the failed cassettes and run the same command again; the others are done.\n',
            );
        }
        const unmatched = filter.unmatched();
        if (unmatched.length > 0) process.stderr.write(`${unmatchedMessage(unmatched, source.url)}\n`);
        setExit(
          summary.interrupted
            ? EXIT_INTERRUPTED
            : summary.failed > 0 || unmatched.length > 0
              ? EXIT_FAILED
              : EXIT_OK,
        );
      } finally {
        interrupt.dispose();
        await source.close();
        await target.close();
      }
    });
}

/**
 * A dry run's destination: the store if it exists, else an empty one (everything would be copied).
 * A missing S3 bucket is not created by a migration unless asked, so without --create-bucket the dry
 * run fails as the real one would.
 */
async function openExisting(store: ResolvedStore, createBucket: boolean): Promise<CassetteStore> {
  const existing = await openIfExists(store);
  if (existing !== null) return existing;
  if (isS3(store.url) && !createBucket) {
    throw new UsageError(
      `the bucket of ${store.url} does not exist: create it (aws s3 mb), or pass --create-bucket to let the migration create it`,
    );
  }
  return createMemoryStore({ url: `${store.url} (does not exist yet)` });
}

function isS3(url: string): boolean {
  return parseStoreUrl(url).scheme === 's3';
}

/** `--create-bucket`: the S3 URL asks the store to create its bucket (`?createBucket=true`). */
function withCreateBucket(store: ResolvedStore, createBucket: boolean): ResolvedStore {
  if (!createBucket) return store;
  if (!isS3(store.url)) throw new UsageError(`--create-bucket is for s3:// destinations, not ${store.url}`);
  return { ...store, url: `${store.url}${store.url.includes('?') ? '&' : '?'}createBucket=true` };
}
