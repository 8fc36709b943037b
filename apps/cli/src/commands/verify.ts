import type { Command } from 'commander';
import { verifyStores } from '../lib/verify.js';
import { loadConfig, resolveStore } from '../util/config.js';
import { EXIT_FAILED, EXIT_OK } from '../util/exit.js';
import { openBoth } from '../util/open.js';

export function registerVerify(program: Command, setExit: (code: number) => void): void {
  program
    .command('verify')
    .description('check that two stores hold the same cassettes with the same content')
    .argument('<a>', 'store URL or remote name')
    .argument('<b>', 'store URL or remote name')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nExits 0 when both stores hold the same names with the same digests, 1 otherwise.\n\nExample:\n  $ cassette verify yaml:tests/cassettes sqlite:cassettes.db',
    )
    .action(async (argA: string, argB: string, flags: { json?: boolean }) => {
      const cwd = process.cwd();
      const config = await loadConfig(cwd);
      const [a, b] = await openBoth(resolveStore(argA, config, cwd), resolveStore(argB, config, cwd));
      try {
        const report = await verifyStores(a, b);
        const ok =
          report.onlyInA.length +
            report.onlyInB.length +
            report.different.length +
            report.unreadable.length ===
          0;
        if (flags.json === true)
          process.stdout.write(`${JSON.stringify({ a: a.url, b: b.url, ok, ...report }, null, 2)}\n`);
        else {
          for (const name of report.onlyInA) process.stdout.write(`only in ${a.url}: ${name}\n`);
          for (const name of report.onlyInB) process.stdout.write(`only in ${b.url}: ${name}\n`);
          for (const name of report.different) process.stdout.write(`different: ${name}\n`);
          for (const { message } of report.unreadable) process.stdout.write(`unreadable: ${message}\n`);
          process.stdout.write(
            ok
              ? `${report.same} cassettes, identical in ${a.url} and ${b.url}\n`
              : `${report.same} identical, ${report.different.length} different, ${report.onlyInA.length} only in ${a.url}, ${report.onlyInB.length} only in ${b.url}, ${report.unreadable.length} unreadable\n`,
          );
        }
        setExit(ok ? EXIT_OK : EXIT_FAILED);
      } finally {
        await a.close();
        await b.close();
      }
    });
}
