import { join } from 'node:path';
import { isCassetteError } from '@cassettekit/core';
import type { Command } from 'commander';
import { unsyncedCheck } from '../lib/unsynced.js';
import { loadConfig, type ProjectConfig, resolveStore } from '../util/config.js';
import { describeError, EXIT_FAILED, EXIT_OK, UsageError } from '../util/exit.js';
import { openSource } from '../util/open.js';
import { assertValidNames, storesAndNames } from '../util/store-args.js';

interface RmFlags {
  force?: boolean;
  dryRun?: boolean;
  state?: string;
}

export function registerRm(program: Command, setExit: (code: number) => void): void {
  program
    .command('rm')
    .usage('[options] [store] <names...>')
    .description('remove cassettes from a store (not one that changed since the last sync, unless --force)')
    .argument('[store]', 'store URL or remote name (default: the project store)')
    .argument('[names...]', 'cassette names, e.g. agents/test_old')
    .option('--force', 'remove even cassettes changed since they were last pushed or pulled')
    .option('--dry-run', 'say what would be removed; remove nothing')
    .option('--state <dir>', 'folder of the sync state (default: .cassette/sync beside cassette.config.json)')
    .addHelpText(
      'after',
      `
Each cassette is removed only if it is still the version just read (a cassette written meanwhile is
kept and reported). A cassette that changed since it was last pushed to or pulled from a remote holds
work no remote has: it is kept unless --force. Removing from the working store does not remove from
a remote: "cassette rm ci <names>" does. Exits 1 when a cassette was kept or is not there.

Examples:
  $ cassette rm agents/test_old agents/test_older
  $ cassette rm yaml:tests/cassettes agents/test_old --dry-run`,
    )
    .action(async (first: string | undefined, rest: string[], flags: RmFlags) => {
      const cwd = process.cwd();
      const config = await loadConfig(cwd);
      const args = [first, ...rest].filter((x): x is string => x !== undefined);
      const { stores, names } = storesAndNames(args, config, 1);
      if (names.length === 0) throw new UsageError('rm needs the names of the cassettes to remove');
      const store = await openSource(resolveStore(stores[0], config, cwd));
      try {
        assertValidNames(names, store.url);
        const unsynced = await unsyncedCheck(store, stateFolder(flags.state, config), remoteName(config));
        let kept = 0;
        for (const name of names) {
          try {
            const got = await store.get(name);
            if (got === null) {
              process.stderr.write(`not there: ${name} (in ${store.url})\n`);
              kept += 1;
              continue;
            }
            const why = unsynced(name, got.version);
            if (why !== null && flags.force !== true) {
              process.stderr.write(
                `kept: ${name}: ${why}; push it first, or pass --force to remove it anyway\n`,
              );
              kept += 1;
              continue;
            }
            if (flags.dryRun !== true) await store.delete(name, { ifVersion: got.version });
            process.stdout.write(`${flags.dryRun === true ? 'would remove' : 'removed'} ${name}\n`);
          } catch (error) {
            kept += 1;
            process.stderr.write(
              isCassetteError(error, 'CONFLICT')
                ? `kept: ${name}: it changed while being removed; look at it and run the command again\n`
                : `failed: ${describeError(error)}\n`,
            );
          }
        }
        setExit(kept > 0 ? EXIT_FAILED : EXIT_OK);
      } finally {
        await store.close();
      }
    });
}

/** The sync state folder: --state, else .cassette/sync beside the project's configuration. */
export function stateFolder(flag: string | undefined, config: ProjectConfig): string {
  return flag ?? join(config.dir, '.cassette', 'sync');
}

/** A remote's configured name for its URL, for messages ("ci" rather than s3://...?endpoint=...). */
export function remoteName(config: ProjectConfig): (url: string) => string {
  return (url) => Object.entries(config.remotes).find(([, u]) => u === url)?.[0] ?? url.replace(/\?.*$/, '');
}
