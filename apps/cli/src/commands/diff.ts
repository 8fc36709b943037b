import type { Cassette } from '@cassettekit/core';
import { redactCassette } from '@cassettekit/secrets';
import type { Command } from 'commander';
import { diffCassettes, type InteractionChange } from '../lib/interaction-diff.js';
import { loadConfig, resolveStore } from '../util/config.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../util/exit.js';
import { listNames, openBoth } from '../util/open.js';
import { printable } from '../util/printable.js';

interface DiffEntry {
  name: string;
  status: 'only in a' | 'only in b' | 'changed' | 'unreadable';
  changes: InteractionChange[];
  message?: string;
}

export function registerDiff(program: Command, setExit: (code: number) => void): void {
  program
    .command('diff')
    .description('show interaction-level differences between two stores (or two versions of cassettes)')
    .argument('<a>', 'store URL or remote name')
    .argument('<b>', 'store URL or remote name')
    .argument('[names...]', 'cassettes to compare (default: every name in either store)')
    .option('--show-secrets', 'print credentials as they are (by default what scan finds is masked)')
    .option('--json', 'print the differences as JSON')
    .addHelpText(
      'after',
      '\nExits 0 when there is no difference, 1 otherwise.\n\nExamples:\n  $ cassette diff yaml:tests/cassettes ci\n  $ cassette diff yaml:tests/cassettes sqlite:cassettes.db agents/test_agent_execution',
    )
    .action(
      async (
        argA: string,
        argB: string,
        names: string[],
        flags: { json?: boolean; showSecrets?: boolean },
      ) => {
        const cwd = process.cwd();
        const config = await loadConfig(cwd);
        const [a, b] = await openBoth(resolveStore(argA, config, cwd), resolveStore(argB, config, cwd));
        try {
          const all = [...new Set([...(await listNames(a)), ...(await listNames(b))])].sort();
          const missing = names.filter((n) => !all.includes(n));
          if (missing.length > 0)
            throw new UsageError(`not in ${a.url} nor in ${b.url}: ${missing.join(', ')}`);
          const shown = (c: Cassette) =>
            flags.showSecrets === true ? c : redactCassette(c, { placeholder: '<secret>' }).cassette;
          const report: DiffEntry[] = [];
          for (const name of names.length > 0 ? names : all) {
            try {
              const [x, y] = await Promise.all([a.get(name), b.get(name)]);
              if (x === null && y === null) continue;
              if (x === null) report.push({ name, status: 'only in b', changes: [] });
              else if (y === null) report.push({ name, status: 'only in a', changes: [] });
              else {
                const changes = diffCassettes(x.cassette, y.cassette, [shown(x.cassette), shown(y.cassette)]);
                if (changes.length > 0) report.push({ name, status: 'changed', changes });
              }
            } catch (error) {
              report.push({
                name,
                status: 'unreadable',
                changes: [],
                message: error instanceof Error ? error.message : String(error),
              });
            }
          }
          if (flags.json === true)
            process.stdout.write(`${JSON.stringify({ a: a.url, b: b.url, differences: report }, null, 2)}\n`);
          else {
            const w = (line: string) => process.stdout.write(`${printable(line)}\n`);
            for (const entry of report) {
              if (entry.status === 'unreadable') w(`unreadable: ${entry.message}`);
              else if (entry.status !== 'changed')
                w(`${entry.name}: only in ${entry.status === 'only in a' ? a.url : b.url}`);
              else {
                w(entry.name);
                for (const change of entry.changes) {
                  const mark = change.kind === 'added' ? '+' : change.kind === 'removed' ? '-' : '~';
                  w(`  ${mark} interaction ${change.position} ${change.kind}: ${change.request}`);
                  for (const line of change.details) w(`      ${line}`);
                }
              }
            }
            if (report.length === 0) w(`no differences between ${a.url} and ${b.url}`);
          }
          setExit(report.length === 0 ? EXIT_OK : EXIT_FAILED);
        } finally {
          await a.close();
          await b.close();
        }
      },
    );
}
