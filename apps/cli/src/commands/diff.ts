import type { Cassette } from '@cassettekit/core';
import { redactCassette } from '@cassettekit/secrets';
import type { Command } from 'commander';
import { diffCassettes, type InteractionChange, renderChange } from '../lib/interaction-diff.js';
import { loadConfig, resolveStore } from '../util/config.js';
import { describeError, EXIT_FAILED, EXIT_OK, UsageError } from '../util/exit.js';
import { listNames, openBoth } from '../util/open.js';
import { printable } from '../util/printable.js';
import { createProgress } from '../util/progress.js';
import { assertValidNames, storesAndNames, twoStores } from '../util/store-args.js';

interface DiffEntry {
  name: string;
  status: 'only in a' | 'only in b' | 'changed' | 'unreadable';
  changes: InteractionChange[];
  message?: string;
}

export function registerDiff(program: Command, setExit: (code: number) => void): void {
  program
    .command('diff')
    .usage('[options] [a] <b> [names...]')
    .description('show interaction-level differences between two stores (or two versions of cassettes)')
    .argument('[a]', 'store URL or remote name (default: the project store)')
    .argument('[b]', 'store URL or remote name')
    .argument('[names...]', 'cassettes to compare (default: every name in either store)')
    .option('--show-secrets', 'print credentials as they are (by default what scan finds is masked)')
    .option('--json', 'print the differences as JSON, each change as structured fields')
    .addHelpText(
      'after',
      `
Exits 0 when there is no difference, 1 otherwise. Lines that went are marked "-", before the "+"
lines that came. With --json each change has "fields": status {before, after}, requestHeader and
responseHeader {name, before, after} (null when absent), requestBody and responseBody {before, after,
lines: [{op, text}]}.

Examples:
  $ cassette diff ci                           # the project store against the remote "ci"
  $ cassette diff yaml:tests/cassettes sqlite:cassettes.db agents/test_agent_execution`,
    )
    .action(
      async (
        first: string | undefined,
        second: string | undefined,
        rest: string[],
        flags: { json?: boolean; showSecrets?: boolean },
      ) => {
        const cwd = process.cwd();
        const config = await loadConfig(cwd);
        const args = [first, second, ...rest].filter((x): x is string => x !== undefined);
        const { stores, names } = storesAndNames(args, config, 2);
        const [argA, argB] = twoStores(stores, 'diff');
        const [a, b] = await openBoth(resolveStore(argA, config, cwd), resolveStore(argB, config, cwd));
        try {
          assertValidNames(names, a.url);
          const all = [...new Set([...(await listNames(a)), ...(await listNames(b))])].sort();
          const missing = names.filter((n) => !all.includes(n));
          if (missing.length > 0)
            throw new UsageError(`not in ${a.url} nor in ${b.url}: ${missing.join(', ')}`);
          const shown = (c: Cassette) =>
            flags.showSecrets === true ? c : redactCassette(c, { placeholder: '<secret>' }).cassette;
          const report: DiffEntry[] = [];
          const todo = names.length > 0 ? names : all;
          const progress = createProgress(todo.length, {
            json: flags.json === true,
            lines: false,
            loud: new Set(),
          });
          for (const name of todo) {
            report.push(...(await compare(name)));
            progress.item(name, 'compared');
          }
          progress.done();
          async function compare(name: string): Promise<DiffEntry[]> {
            try {
              const [x, y] = await Promise.all([a.get(name), b.get(name)]);
              if (x === null && y === null) return [];
              if (x === null) return [{ name, status: 'only in b', changes: [] }];
              if (y === null) return [{ name, status: 'only in a', changes: [] }];
              const changes = diffCassettes(x.cassette, y.cassette, [shown(x.cassette), shown(y.cassette)]);
              return changes.length > 0 ? [{ name, status: 'changed', changes }] : [];
            } catch (error) {
              return [
                {
                  name,
                  status: 'unreadable',
                  changes: [],
                  message: describeError(error),
                },
              ];
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
                for (const change of entry.changes) for (const line of renderChange(change)) w(line);
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
