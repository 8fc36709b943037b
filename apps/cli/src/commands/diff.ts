import type { Command } from 'commander';
import { diffCassettes, type InteractionChange } from '../lib/interaction-diff.js';
import { loadConfig, resolveStore } from '../util/config.js';
import { EXIT_FAILED, EXIT_OK } from '../util/exit.js';
import { listNames, openBoth } from '../util/open.js';

export function registerDiff(program: Command, setExit: (code: number) => void): void {
  program
    .command('diff')
    .description('show interaction-level differences between two stores (or two versions of cassettes)')
    .argument('<a>', 'store URL or remote name')
    .argument('<b>', 'store URL or remote name')
    .argument('[names...]', 'cassettes to compare (default: every name in either store)')
    .option('--json', 'print the differences as JSON')
    .addHelpText(
      'after',
      '\nExits 0 when there is no difference, 1 otherwise.\n\nExamples:\n  $ cassette diff yaml:tests/cassettes ci\n  $ cassette diff yaml:tests/cassettes sqlite:cassettes.db agents/test_agent_execution',
    )
    .action(async (argA: string, argB: string, names: string[], flags: { json?: boolean }) => {
      const cwd = process.cwd();
      const config = await loadConfig(cwd);
      const [a, b] = await openBoth(resolveStore(argA, config, cwd), resolveStore(argB, config, cwd));
      try {
        const wanted =
          names.length > 0 ? names : [...new Set([...(await listNames(a)), ...(await listNames(b))])].sort();
        const report: {
          name: string;
          status: 'only in a' | 'only in b' | 'changed';
          changes: InteractionChange[];
        }[] = [];
        for (const name of wanted) {
          const [x, y] = await Promise.all([a.get(name), b.get(name)]);
          if (x === null && y === null) continue;
          if (x === null) report.push({ name, status: 'only in b', changes: [] });
          else if (y === null) report.push({ name, status: 'only in a', changes: [] });
          else {
            const changes = diffCassettes(x.cassette, y.cassette);
            if (changes.length > 0) report.push({ name, status: 'changed', changes });
          }
        }
        if (flags.json === true)
          process.stdout.write(`${JSON.stringify({ a: a.url, b: b.url, differences: report }, null, 2)}\n`);
        else {
          for (const entry of report) {
            if (entry.status !== 'changed') {
              process.stdout.write(
                `${entry.name}: only in ${entry.status === 'only in a' ? a.url : b.url}\n`,
              );
              continue;
            }
            process.stdout.write(`${entry.name}\n`);
            for (const change of entry.changes) {
              const mark = change.kind === 'added' ? '+' : change.kind === 'removed' ? '-' : '~';
              process.stdout.write(
                `  ${mark} interaction ${change.position} ${change.kind}: ${change.request}\n`,
              );
              for (const line of change.details) process.stdout.write(`      ${line}\n`);
            }
          }
          if (report.length === 0) process.stdout.write(`no differences between ${a.url} and ${b.url}\n`);
        }
        setExit(report.length === 0 ? EXIT_OK : EXIT_FAILED);
      } finally {
        await a.close();
        await b.close();
      }
    });
}
