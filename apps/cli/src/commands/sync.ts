import { join } from 'node:path';
import type { Cassette } from '@cassettekit/core';
import type { AllowList } from '@cassettekit/secrets';
import type { Command } from 'commander';
import { CONFLICT_SUFFIX, FIRST_SYNC, type SyncItem, syncStores } from '../lib/sync.js';
import { openSyncState } from '../lib/sync-state.js';
import { loadConfig, resolveRemote, resolveStore, storeLabel } from '../util/config.js';
import { describeError, EXIT_FAILED, EXIT_OK, UsageError } from '../util/exit.js';
import { plural } from '../util/format.js';
import { collectGlobs, nameFilter, unmatchedMessage } from '../util/glob.js';
import { EXIT_INTERRUPTED, onInterrupt } from '../util/interrupt.js';
import { openSource, openTarget } from '../util/open.js';
import { createProgress } from '../util/progress.js';
import { ALLOW_FILE, loadAllowList, refuseSecrets } from '../util/secrets.js';

interface SyncFlags {
  only: string[];
  exclude: string[];
  concurrency: string;
  prefer?: string;
  json?: boolean;
  state?: string;
  allowSecrets?: boolean;
  allow?: string;
}

const FAILING: ReadonlySet<string> = new Set<SyncItem['outcome']>(['conflict', 'failed', 'refused']);

export function registerSync(program: Command, setExit: (code: number) => void): void {
  for (const direction of ['push', 'pull'] as const) {
    const push = direction === 'push';
    const command = program
      .command(direction)
      .description(
        push
          ? 'upload what changed in the working store to the shared remote (merging, never overwriting)'
          : 'bring what changed on the shared remote into the working store (merging, never overwriting)',
      )
      .argument(
        push ? '[local]' : '[remote]',
        push
          ? 'working store (default: the project store)'
          : 'remote URL or name (default: the configured remote)',
      )
      .argument(
        push ? '[remote]' : '[local]',
        push
          ? 'remote URL or name (default: the configured remote)'
          : 'working store (default: the project store)',
      )
      .option('--only <glob>', 'only cassettes whose names match; repeat it or use commas', collectGlobs, [])
      .option(
        '--exclude <glob>',
        'skip cassettes whose names match; repeat it or use commas',
        collectGlobs,
        [],
      )
      .option('--concurrency <n>', 'cassettes handled at once', '8')
      .option(
        '--prefer <side>',
        'on a conflict take "local" or "remote" instead of keeping both (for unattended jobs)',
      )
      .option(
        '--state <dir>',
        'folder for the sync state (default: .cassette/sync beside cassette.config.json)',
      );
    if (push) {
      command
        .option('--allow-secrets', 'upload cassettes even when scan finds credentials in them')
        .option('--allow <file>', `allow-list of known false positives (default: ${ALLOW_FILE})`);
    }
    command
      .option('--json', 'print the outcome of every cassette as JSON')
      .addHelpText(
        'after',
        `
Remembers in a state file which version of each cassette it last saw on each side, so unchanged
cassettes cost nothing. A cassette changed on both sides is merged when different interactions
changed; otherwise the remote version is written beside yours as <name>.remote and the command
exits 1. Nothing anyone recorded is overwritten.${push ? '\nA cassette in which "cassette scan" finds a credential is not uploaded (exit 1) unless --allow-secrets.' : ''}

Examples:
  $ cassette ${direction}${push ? '' : ' ci'}                      # project store <-> the configured remote
  $ cassette ${push ? 'push yaml:tests/cassettes s3://bucket/cassettes/my-project' : 'pull s3://bucket/cassettes/my-project yaml:tests/cassettes'}`,
      )
      .action(async (first: string | undefined, second: string | undefined, flags: SyncFlags) => {
        const [localArg, remoteArg] = push ? [first, second] : [second, first];
        const concurrency = Number(flags.concurrency);
        if (!Number.isInteger(concurrency) || concurrency < 1)
          throw new UsageError('--concurrency must be a whole number >= 1');
        if (flags.prefer !== undefined && flags.prefer !== 'local' && flags.prefer !== 'remote') {
          throw new UsageError('--prefer takes "local" or "remote"');
        }
        const cwd = process.cwd();
        const config = await loadConfig(cwd);
        const localRef = resolveStore(localArg, config, cwd);
        const remoteRef = resolveRemote(remoteArg, config, cwd);
        const local = push ? await openSource(localRef) : await openTarget(localRef);
        const remote = push ? await openTarget(remoteRef) : await openSource(remoteRef);
        const interrupt = onInterrupt();
        try {
          const state = await openSyncState(
            flags.state ?? join(config.dir, '.cassette', 'sync'),
            local.url,
            remote.url,
          );
          const filter = nameFilter(flags.only, flags.exclude);
          const allow = push ? await loadAllowList(flags.allow, config, cwd) : undefined;
          const remoteLabel = storeLabel(remoteRef);
          let progress = createProgress(0, { json: true });
          const { items, interrupted } = await syncStores(local, remote, state, {
            direction,
            signal: interrupt.signal,
            ...(push && flags.allowSecrets !== true ? { refuseUpload: refusal(remote.url, allow) } : {}),
            concurrency,
            filter: filter.accepts,
            ...(flags.prefer === undefined ? {} : { prefer: flags.prefer as 'local' | 'remote' }),
            onStart: (total) => {
              progress = createProgress(total, {
                json: flags.json === true,
                quiet: new Set(['unchanged']),
                loud: FAILING,
                pad: 12,
              });
            },
            onItem: (item) => progress.item(item.name, item.outcome, item.detail),
          });
          progress.done();
          const unmatched = filter.unmatched();
          const counts = new Map<string, number>();
          for (const item of items) counts.set(item.outcome, (counts.get(item.outcome) ?? 0) + 1);
          if (flags.json === true)
            process.stdout.write(
              `${JSON.stringify({ local: local.url, remote: remote.url, remoteName: remoteRef.name ?? null, interrupted, items }, null, 2)}\n`,
            );
          else {
            const parts = [...counts.entries()].map(([k, v]) => `${v} ${k}`);
            process.stdout.write(
              `${direction} ${storeLabel(localRef)} ${push ? '->' : '<-'} ${remoteLabel}: ${parts.join(', ') || 'nothing to do'}\n`,
            );
            const firstSync = items.filter(
              (i) => i.outcome === 'conflict' && i.detail?.includes(FIRST_SYNC) === true,
            );
            if (!push && firstSync.length > 0) {
              process.stderr.write(
                `${plural(firstSync.length, 'cassette')} differ${firstSync.length === 1 ? 's' : ''} from ${remoteLabel}, and this working store was never synced with it, so there is no common version to merge from: each remote version was put beside yours as <name>${CONFLICT_SUFFIX}. In a fresh clone, take the remote's versions with "cassette pull ${remoteLabel} --prefer remote" (then delete the ${CONFLICT_SUFFIX} copies); to keep yours, "cassette push --prefer local".\n`,
              );
            }
          }
          if (unmatched.length > 0)
            process.stderr.write(`${unmatchedMessage(unmatched, storeLabel(localRef))}\n`);
          if (interrupted) process.stderr.write(`Interrupted: run the same command again to finish.\n`);
          setExit(
            interrupted
              ? EXIT_INTERRUPTED
              : items.some((i) => FAILING.has(i.outcome)) || unmatched.length > 0
                ? EXIT_FAILED
                : EXIT_OK,
          );
        } finally {
          interrupt.dispose();
          await local.close();
          await remote.close();
        }
      });
  }
}

/** push: the reason a cassette must not be uploaded (a credential scan finds), or null. */
function refusal(
  store: string,
  allow: AllowList | undefined,
): (name: string, cassette: Cassette) => string | null {
  return (name, cassette) => {
    try {
      refuseSecrets(store, name, cassette, allow);
      return null;
    } catch (error) {
      return describeError(error);
    }
  };
}
