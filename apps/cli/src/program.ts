import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
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
    .version(packageVersion())
    .exitOverride()
    // The command list shows each command's own usage line (`show [store] <name>`), not its raw arguments.
    .configureHelp({ subcommandTerm: (command) => `${command.name()} ${command.usage()}` })
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
  for (const register of await commandsFor(argv)) register(program, setExit);
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

type Register = (program: Command, setExit: (code: number) => void) => void;

/**
 * Each command's module, by name, in the order `--help` lists them. Only the command being run is
 * imported (what it does not use, like the secrets scanner or the HTTP server, is never loaded);
 * help, and a word that names no command, load them all so commander can list or suggest them.
 */
const COMMANDS: readonly (readonly [string, () => Promise<Register>])[] = [
  ['migrate', async () => (await import('./commands/migrate.js')).registerMigrate],
  ['convert', async () => (await import('./commands/convert.js')).registerConvert],
  ['ls', async () => (await import('./commands/ls.js')).registerLs],
  ['show', async () => (await import('./commands/show.js')).registerShow],
  ['inspect', async () => (await import('./commands/inspect.js')).registerInspect],
  ['verify', async () => (await import('./commands/verify.js')).registerVerify],
  ['check', async () => (await import('./commands/check.js')).registerCheck],
  ['scan', async () => (await import('./commands/scan.js')).registerScan],
  ['redact', async () => (await import('./commands/redact.js')).registerRedact],
  ['diff', async () => (await import('./commands/diff.js')).registerDiff],
  ['stats', async () => (await import('./commands/stats.js')).registerStats],
  ['rm', async () => (await import('./commands/rm.js')).registerRm],
  ['mv', async () => (await import('./commands/mv.js')).registerMv],
  ['push', async () => (await import('./commands/sync.js')).registerSync],
  ['pull', async () => (await import('./commands/sync.js')).registerSync],
  ['init', async () => (await import('./commands/init.js')).registerInit],
  ['serve', async () => (await import('./commands/serve.js')).registerServe],
];

/**
 * The register functions `argv` needs: its command's alone, none for `--version`, else every one
 * (without repeats).
 */
async function commandsFor(argv: readonly string[]): Promise<Register[]> {
  const named = COMMANDS.find(([name]) => name === argv[0]);
  const helps = showsHelp(argv);
  if (!helps && (argv[0] === '--version' || argv[0] === '-V')) return [];
  const wanted = named !== undefined && !helps ? [named] : COMMANDS;
  return [...new Set(await Promise.all(wanted.map(([, load]) => load())))];
}

function showsHelp(argv: readonly string[]): boolean {
  return argv.length === 0 || argv[0] === 'help' || argv.includes('--help') || argv.includes('-h');
}

/** The version in the installed package.json (dist/ sits beside it), so `--version` never goes stale. */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
