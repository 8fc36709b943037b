import { Command, CommanderError } from 'commander';
import { registerDiff } from './commands/diff.js';
import { registerInit } from './commands/init.js';
import { registerLs } from './commands/ls.js';
import { registerMigrate } from './commands/migrate.js';
import { registerRedact } from './commands/redact.js';
import { registerScan } from './commands/scan.js';
import { registerShow } from './commands/show.js';
import { registerStats } from './commands/stats.js';
import { registerSync } from './commands/sync.js';
import { registerVerify } from './commands/verify.js';
import { storeUrlHelp } from './registry.js';
import { describeError, EXIT_FAILED, EXIT_OK, EXIT_USAGE, isUsageError } from './util/exit.js';

/** Runs the `cassette` command with `argv` (without node and script) and resolves to its exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const setExit = (code: number) => {
    exitCode = code;
  };
  // Every store package (the AWS SDK among them) is loaded for the help text only when help is shown.
  const storeUrls = showsHelp(argv) ? await storeUrlHelp() : '';
  const program = new Command('cassette')
    .description('Store, migrate and share HTTP record/replay cassettes (vcrpy, VCR, Polly, go-vcr, nock).')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Store URLs:
${storeUrls}

Exit codes: 0 ok, 1 differences or failures, 2 usage errors, 130 interrupted.

Example:
  $ cassette migrate yaml:tests/cassettes sqlite:cassettes.db`,
    );
  registerMigrate(program, setExit);
  registerLs(program, setExit);
  registerShow(program, setExit);
  registerVerify(program, setExit);
  registerScan(program, setExit);
  registerRedact(program, setExit);
  registerDiff(program, setExit);
  registerStats(program, setExit);
  registerSync(program, setExit);
  registerInit(program, setExit);
  for (const command of program.commands) command.exitOverride();

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    process.stderr.write(`${describeError(error)}\n`);
    return isUsageError(error) ? EXIT_USAGE : EXIT_FAILED;
  }
}

function showsHelp(argv: readonly string[]): boolean {
  return argv.length === 0 || argv[0] === 'help' || argv.includes('--help') || argv.includes('-h');
}
