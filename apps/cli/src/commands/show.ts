import {
  type Body,
  type Cassette,
  type CassetteStore,
  interactionsOf,
  requestBody,
  requestMethod,
  requestUri,
  responseBody,
  responseStatus,
  toTaggedJson,
} from '@cassettekit/core';
import type { Command } from 'commander';
import { loadConfig, resolveStore } from '../util/config.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../util/exit.js';
import { formatBytes } from '../util/format.js';
import { openSource } from '../util/open.js';
import { printable } from '../util/printable.js';

export function registerShow(program: Command, setExit: (code: number) => void): void {
  program
    .command('show')
    .usage('[options] [store] <name>')
    .description('summarise the interactions of one cassette')
    .argument('[store]', 'store URL or remote name (default: the project store)')
    .argument('[name]', 'cassette name, e.g. agents/test_agent_execution')
    .option('--json', 'print the whole cassette model as JSON (bytes as {"$bytes": base64})')
    .addHelpText(
      'after',
      '\nExamples:\n  $ cassette show agents/test_agent_execution                 # in the project store\n  $ cassette show yaml:tests/cassettes agents/test_agent_execution\n  $ cassette show sqlite:cassettes.db agents/test_agent_execution --json',
    )
    .action(async (first: string | undefined, second: string | undefined, flags: { json?: boolean }) => {
      if (first === undefined)
        throw new UsageError('show needs a cassette name, e.g. agents/test_agent_execution');
      const [arg, name] = second === undefined ? [undefined, first] : [first, second];
      const cwd = process.cwd();
      const store = await openSource(resolveStore(arg, await loadConfig(cwd), cwd));
      try {
        const got = await store.get(name);
        if (got === null) {
          process.stderr.write(
            `[cassette] [${store.url}] ${name}: no such cassette. ${await missingHint(store, name)}\n`,
          );
          setExit(EXIT_FAILED);
          return;
        }
        if (flags.json === true) {
          const json = {
            name,
            version: got.version,
            style: got.cassette.format?.style ?? null,
            data: toTaggedJson(got.cassette.data),
          };
          process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        } else process.stdout.write(printable(summarise(name, got.cassette)));
        setExit(EXIT_OK);
      } finally {
        await store.close();
      }
    });
}

/** What to do about a name that is not there: drop its extension, or list the names. */
async function missingHint(store: CassetteStore, name: string): Promise<string> {
  const bare = name.replace(/\.(ya?ml|json)$/i, '');
  if (bare !== name && (await store.get(bare).catch(() => null)) !== null)
    return `Names have no extension: "cassette show ${store.url} ${bare}"`;
  return `Run "cassette ls ${store.url}" to see the names`;
}

export function summarise(name: string, cassette: Cassette): string {
  const interactions = interactionsOf(cassette.data);
  const lines = [`${name}: ${interactions.length} interaction${interactions.length === 1 ? '' : 's'}`];
  interactions.forEach((interaction, i) => {
    const status = responseStatus(interaction);
    lines.push(
      `  ${String(i + 1).padStart(3)}  ${requestMethod(interaction).padEnd(6)} ${requestUri(interaction)}`,
      `       -> ${status.code ?? '?'} ${status.message}   request ${describeBody(requestBody(interaction))}, response ${describeBody(responseBody(interaction))}`,
    );
  });
  return `${lines.join('\n')}\n`;
}

function describeBody(body: Body): string {
  if (body === null) return 'no body';
  if (typeof body === 'string') return body === '' ? 'empty' : `${formatBytes(Buffer.byteLength(body))} text`;
  return `${formatBytes(body.length)} bytes`;
}
