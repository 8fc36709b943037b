import type { Command } from 'commander';
import { collectStats } from '../lib/stats.js';
import { loadConfig, resolveStore } from '../util/config.js';
import { EXIT_FAILED, EXIT_OK } from '../util/exit.js';
import { formatBytes } from '../util/format.js';
import { openSource } from '../util/open.js';
import { printableLine } from '../util/printable.js';

export function registerStats(program: Command, setExit: (code: number) => void): void {
  program
    .command('stats')
    .description('cassettes, interactions, bytes, hosts, status codes, largest cassettes, duplicate bodies')
    .argument('[store]', 'store URL or remote name (default: the project store)')
    .option('--top <n>', 'how many of the largest cassettes to show', '10')
    .option('--json', 'print the statistics as JSON')
    .addHelpText('after', '\nExamples:\n  $ cassette stats\n  $ cassette stats sqlite:cassettes.db --json')
    .action(async (arg: string | undefined, flags: { top: string; json?: boolean }) => {
      const cwd = process.cwd();
      const store = await openSource(resolveStore(arg, await loadConfig(cwd), cwd));
      try {
        const stats = await collectStats(store, Math.max(1, Number(flags.top) || 10));
        if (flags.json === true) process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
        else {
          const w = (line: string) => process.stdout.write(`${line}\n`);
          w(`${stats.store}`);
          w(`  cassettes      ${stats.cassettes}`);
          if (stats.empty.length > 0)
            w(
              `  empty          ${stats.empty.length} (empty documents, no interactions): ${stats.empty.slice(0, 5).map(printableLine).join(', ')}${stats.empty.length > 5 ? ', ...' : ''}`,
            );
          w(`  interactions   ${stats.interactions}`);
          w(`  stored         ${formatBytes(stats.bytes)} (bodies ${formatBytes(stats.bodyBytes)})`);
          w(
            `  duplicates     ${stats.duplicateBodies.distinct} bodies stored ${stats.duplicateBodies.copies} extra times (${formatBytes(stats.duplicateBodies.wastedBytes)})`,
          );
          w(`  recorded       ${stats.oldestRecording ?? '?'} .. ${stats.newestRecording ?? '?'}`);
          w('  hosts');
          for (const [host, n] of Object.entries(stats.hosts).slice(0, 15))
            w(`    ${String(n).padStart(6)}  ${host}`);
          w('  status codes');
          for (const [code, n] of Object.entries(stats.statusCodes))
            w(`    ${String(n).padStart(6)}  ${code}`);
          w('  largest');
          for (const c of stats.largest)
            w(
              `    ${formatBytes(c.bytes).padStart(9)}  ${String(c.interactions).padStart(4)} interactions  ${c.name}`,
            );
          for (const u of stats.unreadable) w(`  unreadable: ${u.message}`);
        }
        setExit(stats.unreadable.length > 0 ? EXIT_FAILED : EXIT_OK);
      } finally {
        await store.close();
      }
    });
}
