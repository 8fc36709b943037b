import type { Command } from 'commander';
import { loadConfig, resolveStore } from '../util/config.js';
import { EXIT_OK } from '../util/exit.js';
import { openSource } from '../util/open.js';
import { printableLine } from '../util/printable.js';
import { collectSkipped, formatSkipped } from '../util/skipped.js';

export function registerLs(program: Command, setExit: (code: number) => void): void {
  program
    .command('ls')
    .description('list the cassettes in a store, one name per line')
    .argument('[store]', 'store URL or remote name (default: the project store)')
    .option('--prefix <prefix>', 'only names starting with this')
    .option(
      '--json',
      'print {store, cassettes: [{name, version, size}], skipped: [{location, reason}]} as JSON',
    )
    .addHelpText(
      'after',
      '\nWhat the store holds that is no cassette it can list (an S3 key or a file whose name is no valid\ncassette name, a link leading out of a folder) is named on stderr as skipped.\n\nExamples:\n  $ cassette ls yaml:tests/cassettes\n  $ cassette ls sqlite:cassettes.db --prefix agents/ --json',
    )
    .action(async (arg: string | undefined, flags: { prefix?: string; json?: boolean }) => {
      const cwd = process.cwd();
      const store = await openSource(resolveStore(arg, await loadConfig(cwd), cwd));
      try {
        const cassettes = [];
        const skipped = collectSkipped();
        const listing = store.list({
          ...(flags.prefix === undefined ? {} : { prefix: flags.prefix }),
          onSkip: skipped.onSkip,
        });
        for await (const entry of listing) {
          if (flags.json === true) cassettes.push(entry);
          else process.stdout.write(`${printableLine(entry.name)}\n`);
        }
        for (const entry of skipped.entries) process.stderr.write(`${formatSkipped(store.url, entry)}\n`);
        if (flags.json === true) {
          const report = { store: store.url, cassettes, skipped: skipped.entries };
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        }
        setExit(EXIT_OK);
      } finally {
        await store.close();
      }
    });
}
