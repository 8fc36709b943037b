import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseStoreUrl } from '@cassettekit/core';
import { writeFileAtomic } from '@cassettekit/yaml';
import type { Command } from 'commander';
import { registry } from '../registry.js';
import { CONFIG_FILE } from '../util/config.js';
import { EXIT_OK, UsageError } from '../util/exit.js';
import { collectValues } from '../util/glob.js';

interface InitFlags {
  store?: string;
  remote: string[];
  force?: boolean;
  yes?: boolean;
}

/** What a project should not commit: the sync state, and the remote versions a conflict leaves beside yours. */
const IGNORED = ['.cassette/', '*.remote.*'];

export function registerInit(program: Command, setExit: (code: number) => void): void {
  program
    .command('init')
    .description(`write ${CONFIG_FILE}: the project's store and its shared remotes`)
    .option('--store <url>', 'the working store, e.g. yaml:tests/cassettes')
    .option(
      '--remote <name=url>',
      'a shared remote, e.g. ci=s3://bucket/cassettes/my-project (repeatable)',
      collectValues,
      [],
    )
    .option('--force', `overwrite an existing ${CONFIG_FILE}`)
    .option('--yes', `add ${IGNORED.join(' and ')} to .gitignore without asking`)
    .addHelpText(
      'after',
      `\nWithout --store on a terminal, asks for the values. Then offers to add ${IGNORED.join(' (sync state) and ')} (conflict\ncopies) to .gitignore: asks on a terminal, does it with --yes, else says what to add.\n\nExamples:\n  $ cassette init --store yaml:tests/cassettes --remote ci=s3://my-bucket/cassettes/my-project\n  $ cassette init`,
    )
    .action(async (flags: InitFlags) => {
      const file = join(process.cwd(), CONFIG_FILE);
      if (existsSync(file) && flags.force !== true)
        throw new UsageError(`${file} exists; pass --force to overwrite it`);
      let store = flags.store;
      const remotes: Record<string, string> = {};
      for (const pair of flags.remote) {
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new UsageError(`--remote takes name=url, got ${JSON.stringify(pair)}`);
        remotes[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      if (store === undefined) {
        if (process.stdin.isTTY !== true) throw new UsageError('--store is required when not on a terminal');
        const rl = createInterface({ input: process.stdin, output: process.stdout });
        try {
          store =
            (await rl.question('Working store [yaml:tests/cassettes]: ')).trim() || 'yaml:tests/cassettes';
          const remote = (
            await rl.question('Shared remote for CI (empty for none), e.g. s3://bucket/prefix: ')
          ).trim();
          if (remote !== '') remotes.ci = remote;
        } finally {
          rl.close();
        }
      }
      for (const url of [store, ...Object.values(remotes)]) {
        const scheme = parseStoreUrl(url).scheme;
        if (!registry.schemes.includes(scheme)) {
          throw new UsageError(
            `unknown store scheme "${scheme}:" in ${url}. Known schemes: ${registry.schemes.map((s) => `${s}:`).join(', ')}`,
          );
        }
      }
      const config = Object.keys(remotes).length > 0 ? { store, remotes } : { store };
      await writeFile(file, `${JSON.stringify(config, null, 2)}\n`);
      process.stdout.write(`wrote ${file}\n`);
      await offerGitignore(join(process.cwd(), '.gitignore'), flags.yes === true);
      setExit(EXIT_OK);
    });
}

/** Adds the lines `.gitignore` lacks: with --yes, or after asking on a terminal; otherwise says what to add. */
async function offerGitignore(path: string, yes: boolean): Promise<void> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const present = new Set(text.split(/\r?\n/).map((line) => line.trim()));
  const missing = IGNORED.filter((line) => !present.has(line));
  if (missing.length === 0) return;
  let add = yes;
  if (!add && process.stdin.isTTY === true) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      const answer = await rl.question(`Add ${missing.join(' and ')} to .gitignore? [Y/n] `);
      add = /^(y|yes)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  }
  if (!add) {
    process.stdout.write(`add to .gitignore (or run "cassette init --yes"): ${missing.join(' ')}\n`);
    return;
  }
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  await writeFileAtomic(
    path,
    `${text}${sep}# cassette: sync state and conflict copies\n${missing.join('\n')}\n`,
  );
  process.stdout.write(`added ${missing.join(' and ')} to ${path}\n`);
}
