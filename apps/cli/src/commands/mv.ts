import { isCassetteError } from '@cassettekit/core';
import type { Command } from 'commander';
import { unsyncedCheck } from '../lib/unsynced.js';
import { loadConfig, resolveStore } from '../util/config.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../util/exit.js';
import { openSource } from '../util/open.js';
import { assertValidNames, storesAndNames } from '../util/store-args.js';
import { remoteName, stateFolder } from './rm.js';

interface MvFlags {
  force?: boolean;
  state?: string;
}

export function registerMv(program: Command, setExit: (code: number) => void): void {
  program
    .command('mv')
    .usage('[options] [store] <from> <to>')
    .description('rename a cassette in a store (when its test is renamed)')
    .argument('[store]', 'store URL or remote name (default: the project store)')
    .argument('[from]', 'the current name')
    .argument('[to]', 'the new name')
    .option('--force', 'replace a cassette already named <to> (unless it changed since the last sync)')
    .option('--state <dir>', 'folder of the sync state (default: .cassette/sync beside cassette.config.json)')
    .addHelpText(
      'after',
      `
Writes the cassette under its new name exactly as it is (same bytes in a folder store), then removes
the old name only if it is still the version that was copied; if it changed meanwhile, the copy is
taken back and nothing moves. An existing <to> is not replaced without --force, and never when it
changed since the last push or pull. Push afterwards to rename it on the remote too (the old name
stays there until "cassette rm ci <from>").

Examples:
  $ cassette mv agents/test_run agents/test_agent_run
  $ cassette mv sqlite:cassettes.db old/name new/name`,
    )
    .action(async (a: string | undefined, b: string | undefined, c: string | undefined, flags: MvFlags) => {
      const cwd = process.cwd();
      const config = await loadConfig(cwd);
      const args = [a, b, c].filter((x): x is string => x !== undefined);
      const { stores, names } = storesAndNames(args, config, args.length === 3 ? 1 : 0);
      if (names.length !== 2)
        throw new UsageError('mv takes the current name and the new name: cassette mv [store] <from> <to>');
      const [from, to] = names as [string, string];
      if (from === to) throw new UsageError(`${from} and ${to} are the same name`);
      const store = await openSource(resolveStore(stores[0], config, cwd));
      const fail = (message: string) => {
        process.stderr.write(`${message}\n`);
        setExit(EXIT_FAILED);
      };
      try {
        assertValidNames([from, to], store.url);
        const got = await store.get(from);
        if (got === null)
          return fail(`not there: ${from} (in ${store.url}). Run "cassette ls" to see the names`);
        const existing = await store.get(to);
        if (existing !== null) {
          if (flags.force !== true)
            return fail(`${to} exists in ${store.url}: pass --force to replace it with ${from}`);
          const unsynced = await unsyncedCheck(store, stateFolder(flags.state, config), remoteName(config));
          const why = unsynced(to, existing.version);
          if (why !== null)
            return fail(`kept: ${to}: ${why}; push it first, or remove it with "cassette rm --force"`);
        }
        const written = await store.put(to, got.cassette, { ifVersion: existing?.version ?? null });
        try {
          await store.delete(from, { ifVersion: got.version });
        } catch (error) {
          if (!isCassetteError(error, 'CONFLICT')) throw error;
          // The old one changed while it was copied: take the copy back, so nothing is lost or doubled.
          if (existing === null) await store.delete(to, { ifVersion: written.version });
          else await store.put(to, existing.cassette, { ifVersion: written.version });
          return fail(`${from} changed while being moved: nothing moved; run the command again`);
        }
        process.stdout.write(`moved ${from} -> ${to}\n`);
        setExit(EXIT_OK);
      } finally {
        await store.close();
      }
    });
}
