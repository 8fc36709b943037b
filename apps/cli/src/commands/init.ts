import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseStoreUrl } from '@cassettekit/core';
import type { Command } from 'commander';
import { registry } from '../registry.js';
import { CONFIG_FILE } from '../util/config.js';
import { EXIT_OK, UsageError } from '../util/exit.js';

interface InitFlags {
  store?: string;
  remote: string[];
  force?: boolean;
}

export function registerInit(program: Command, setExit: (code: number) => void): void {
  program
    .command('init')
    .description(`write ${CONFIG_FILE}: the project's store and its shared remotes`)
    .option('--store <url>', 'the working store, e.g. yaml:tests/cassettes')
    .option('--remote <name=url...>', 'a shared remote, e.g. ci=s3://bucket/cassettes/my-project', [])
    .option('--force', `overwrite an existing ${CONFIG_FILE}`)
    .addHelpText(
      'after',
      `\nWithout --store on a terminal, asks for the values.\n\nExamples:\n  $ cassette init --store yaml:tests/cassettes --remote ci=s3://my-bucket/cassettes/my-project\n  $ cassette init`,
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
      setExit(EXIT_OK);
    });
}
