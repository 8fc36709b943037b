import type { Command } from 'commander';
import { loadConfig, resolveStore } from '../util/config.js';
import { EXIT_OK } from '../util/exit.js';
import { openSource } from '../util/open.js';
import { printableLine } from '../util/printable.js';
import { reportSkipped } from '../util/skipped.js';

export function registerLs(program: Command, setExit: (code: number) => void): void {
  program
    .command('ls')
    .description('list the cassettes in a store, one name per line')
    .argument('[store]', 'store URL or remote name (default: the project store)')
    .option('--prefix <prefix>', 'only names starting with this')
    .option('--json', 'print [{name, version, size}] as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ cassette ls yaml:tests/cassettes\n  $ cassette ls sqlite:cassettes.db --prefix agents/ --json',
    )
    .action(async (arg: string | undefined, flags: { prefix?: string; json?: boolean }) => {
      const cwd = process.cwd();
      const store = await openSource(resolveStore(arg, await loadConfig(cwd), cwd));
      try {
        const entries = [];
        const listOptions = {
          onSkip: reportSkipped,
          ...(flags.prefix === undefined ? {} : { prefix: flags.prefix }),
        };
        for await (const entry of store.list(listOptions)) {
          if (flags.json === true) entries.push(entry);
          else process.stdout.write(`${printableLine(entry.name)}\n`);
        }
        if (flags.json === true) process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        setExit(EXIT_OK);
      } finally {
        await store.close();
      }
    });
}
