import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseStoreUrl } from '@cassettekit/core';
import type { Command } from 'commander';
import { collectStats } from '../lib/stats.js';
import { loadConfig, type ResolvedStore, resolveStore } from '../util/config.js';
import { EXIT_FAILED, EXIT_OK } from '../util/exit.js';
import { formatBytes, plural } from '../util/format.js';
import { openSource } from '../util/open.js';
import { printableLine } from '../util/printable.js';
import { createProgress } from '../util/progress.js';

/** Stores that keep each distinct body once, so repeated bodies cost no space. */
const DEDUPLICATING = new Set(['sqlite']);

export function registerStats(program: Command, setExit: (code: number) => void): void {
  program
    .command('stats')
    .description('cassettes, interactions, bytes, hosts, status codes, largest cassettes, duplicate bodies')
    .argument('[store]', 'store URL or remote name (default: the project store)')
    .option('--top <n>', 'how many of the largest cassettes to show', '10')
    .option('--json', 'print the statistics as JSON')
    .addHelpText(
      'after',
      `
"bodies" is the logical size: every request and response body decoded, each occurrence counted.
"stored" is what the store takes: the files of a folder, the objects in S3, the SQLite file (after
compression and deduplication). "repeated bodies" are bodies that occur more than once.

Examples:
  $ cassette stats
  $ cassette stats sqlite:cassettes.db --json`,
    )
    .action(async (arg: string | undefined, flags: { top: string; json?: boolean }) => {
      const cwd = process.cwd();
      const ref = resolveStore(arg, await loadConfig(cwd), cwd);
      const store = await openSource(ref);
      try {
        let progress = createProgress(0, { json: true });
        const collected = await collectStats(store, Math.max(1, Number(flags.top) || 10), {
          start: (total) => {
            progress = createProgress(total, { json: flags.json === true, lines: false });
          },
          item: (name, outcome) => progress.item(name, outcome === 'unreadable' ? 'failed' : outcome),
        });
        progress.done();
        const scheme = parseStoreUrl(ref.url).scheme;
        const stats = {
          ...collected,
          storedBytes: (await fileSize(ref)) ?? collected.bytes,
          deduplicates: DEDUPLICATING.has(scheme),
        };
        if (flags.json === true) process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
        else {
          const w = (line: string) => process.stdout.write(`${line}\n`);
          const dup = stats.duplicateBodies;
          w(`${stats.store}`);
          w(`  cassettes        ${stats.cassettes}`);
          if (stats.empty.length > 0)
            w(
              `  empty            ${plural(stats.empty.length, 'cassette')} with no interactions (empty documents): ${stats.empty.slice(0, 5).map(printableLine).join(', ')}${stats.empty.length > 5 ? ', ...' : ''}`,
            );
          w(`  interactions     ${stats.interactions}`);
          w(
            `  bodies           ${formatBytes(stats.bodyBytes)} in ${plural(stats.bodies, 'body', 'bodies')} (logical size, decoded)`,
          );
          w(`  stored           ${formatBytes(stats.storedBytes)} ${storedWhat(scheme)}`);
          w(
            dup.copies === 0
              ? '  repeated bodies  none'
              : `  repeated bodies  ${plural(dup.distinct, 'body occurs', 'bodies occur')} ${plural(dup.copies, 'more time')} (${formatBytes(dup.wastedBytes)}): ${
                  stats.deduplicates
                    ? 'kept once by this store'
                    : 'stored again by this store (sqlite: keeps each once)'
                }`,
          );
          w(`  recorded         ${stats.oldestRecording ?? '?'} .. ${stats.newestRecording ?? '?'}`);
          w('  hosts (interactions)');
          for (const [host, n] of Object.entries(stats.hosts).slice(0, 15))
            w(`    ${String(n).padStart(6)}  ${host}`);
          w('  status codes (interactions)');
          for (const [code, n] of Object.entries(stats.statusCodes))
            w(`    ${String(n).padStart(6)}  ${code}`);
          w('  largest (stored size)');
          for (const c of stats.largest)
            w(
              `    ${formatBytes(c.bytes).padStart(9)}  ${plural(c.interactions, 'interaction').padStart(16)}  ${c.name}`,
            );
          for (const u of stats.unreadable) w(`  unreadable: ${u.message}`);
        }
        setExit(stats.unreadable.length > 0 ? EXIT_FAILED : EXIT_OK);
      } finally {
        await store.close();
      }
    });
}

function storedWhat(scheme: string): string {
  if (scheme === 'sqlite') return '(the database file, compressed and deduplicated)';
  if (scheme === 's3') return '(the objects)';
  if (scheme === 'memory') return '(in memory)';
  return '(the files)';
}

/** A single-file store's size on disk (the SQLite file and its WAL); null for other stores. */
async function fileSize(ref: ResolvedStore): Promise<number | null> {
  const url = parseStoreUrl(ref.url);
  if (url.scheme !== 'sqlite') return null;
  const path = resolve(ref.cwd, url.location);
  let total = 0;
  for (const file of [path, `${path}-wal`])
    total += await stat(file).then(
      (s) => s.size,
      () => 0,
    );
  return total;
}
