import {
  type Cassette,
  createError,
  type DialectName,
  interactionsOf,
  interactionView,
} from '@cassettekit/core';
import { dialectOf } from '@cassettekit/formats';
import type { Command } from 'commander';
import { loadConfig, resolveStore } from '../util/config.js';
import { EXIT_FAILED, EXIT_OK, failureLine } from '../util/exit.js';
import { listNames, openSource } from '../util/open.js';
import { printable } from '../util/printable.js';
import { assertValidNames } from '../util/store-args.js';

/** One line of `inspect --json`: the cassette as its tool reads it. */
export interface InspectLine {
  readonly name: string;
  readonly dialect: DialectName;
  readonly interactions: Array<{ method: string; uri: string; status: number | null }>;
}

export function registerInspect(program: Command, setExit: (code: number) => void): void {
  program
    .command('inspect')
    .description('show cassettes of any tool through the interaction view (method, URL, status)')
    .argument('[store]', 'store URL or remote name (default: the project store)')
    .argument('[names...]', 'cassette names (default: every cassette)')
    .option(
      '--json',
      'one JSON object per cassette per line: {name, dialect, interactions: [{method, uri, status}]}',
    )
    .addHelpText(
      'after',
      `
Exit 1 if a named cassette cannot be read (the others are still printed).

Examples:
  $ cassette inspect polly:recordings
  $ cassette inspect json:spec/cassettes github/issues --json`,
    )
    .action(async (arg: string | undefined, names: string[], flags: { json?: boolean }) => {
      const cwd = process.cwd();
      const store = await openSource(resolveStore(arg, await loadConfig(cwd), cwd));
      let failed = false;
      try {
        assertValidNames(names, store.url);
        for (const name of names.length > 0 ? names : await listNames(store)) {
          try {
            const got = await store.get(name);
            if (got === null)
              throw createError('NOT_FOUND', 'no such cassette', {
                store: store.url,
                cassette: name,
                hint: `Run "cassette ls ${store.url}" to see the names`,
              });
            const line = inspectCassette(name, got.cassette);
            process.stdout.write(flags.json === true ? `${JSON.stringify(line)}\n` : printable(table(line)));
          } catch (error) {
            failed = true;
            process.stderr.write(`${failureLine(store.url, name, error)}\n`);
          }
        }
      } finally {
        await store.close();
      }
      setExit(failed ? EXIT_FAILED : EXIT_OK);
    });
}

export function inspectCassette(name: string, cassette: Cassette): InspectLine {
  return {
    name,
    dialect: dialectOf(cassette).name,
    interactions: interactionsOf(cassette.data).map((interaction) => {
      const view = interactionView(interaction);
      return { method: view.method.toUpperCase(), uri: view.uri, status: view.status.code };
    }),
  };
}

function table(line: InspectLine): string {
  const count = line.interactions.length;
  const rows = line.interactions.map(
    (i, n) =>
      `  ${String(n + 1).padStart(3)}  ${i.method.padEnd(7)} ${String(i.status ?? '?').padEnd(4)} ${i.uri}`,
  );
  return `${line.name}  (${line.dialect}, ${count} interaction${count === 1 ? '' : 's'})\n${rows.map((r) => `${r}\n`).join('')}`;
}
