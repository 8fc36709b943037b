import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { DEFAULT_MAX_BODY } from '../serve/body.js';
import { createCassetteServer } from '../serve/server.js';
import { loadConfig, resolveStore } from '../util/config.js';
import { EXIT_OK, UsageError } from '../util/exit.js';
import { EXIT_INTERRUPTED } from '../util/interrupt.js';
import { openTargetNoting } from '../util/open.js';

interface ServeFlags {
  port: string;
  host: string;
  token?: string;
  json?: boolean;
  maxBody?: string;
}

export function registerServe(program: Command, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('serve one store over HTTP, for test tools (vcrpy, Polly) to record into and replay from')
    .argument('[store]', 'store URL or remote name (default: the project store)')
    .option('--port <n>', 'port to listen on (0: any free port)', '0')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--token <token>', 'require "Authorization: Bearer <token>" on every request')
    .option('--json', 'print the address as {"url": ...}')
    .option('--max-body <bytes>', `largest request body accepted (default ${DEFAULT_MAX_BODY}, 64 MiB)`)
    .addHelpText(
      'after',
      `
The first line on stdout is the address ("listening on http://127.0.0.1:PORT"). Routes:
  GET    /v1/cassettes?prefix=P            {"cassettes": [{"name", "version", "size"}]}
  GET    /v1/cassettes/<name>?format=F     the cassette (F: text, its own bytes; json: bytes as {"$bytes": base64}), ETag
  PUT    /v1/cassettes/<name>              text in any dialect, or application/json; If-Match / If-None-Match: *
  DELETE /v1/cassettes/<name>              If-Match honoured
  GET|POST|DELETE /polly/<recordingId>     @pollyjs/persister-rest
SIGINT or SIGTERM finishes the writes in flight, then exits 0.

Examples:
  $ cassette serve sqlite:tests/cassettes.db --port 0 --token "$TOKEN"
  $ cassette serve --json`,
    )
    .action(async (arg: string | undefined, flags: ServeFlags) => {
      const port = integerFlag('--port', flags.port, 0, 65535);
      const maxBody =
        flags.maxBody === undefined ? DEFAULT_MAX_BODY : integerFlag('--max-body', flags.maxBody, 1);
      if (flags.token !== undefined && flags.token === '') throw new UsageError('--token must not be empty');
      const cwd = process.cwd();
      const { store, isNew } = await openTargetNoting(resolveStore(arg, await loadConfig(cwd), cwd));
      // Served all the same (the first recording creates it), but a mistyped path shows at once.
      if (isNew)
        process.stderr.write(
          `${store.url} does not exist yet: it is served empty, and the first write creates it\n`,
        );
      const served = createCassetteServer({
        store,
        maxBody,
        ...(flags.token === undefined ? {} : { token: flags.token }),
      });
      try {
        await new Promise<void>((resolve, reject) => {
          served.server.once('error', reject);
          served.server.listen(port, flags.host, () => resolve());
        });
      } catch (error) {
        await store.close();
        throw new UsageError(`cannot listen on ${flags.host}:${port}: ${(error as Error).message}`);
      }
      const { address, port: bound } = served.server.address() as AddressInfo;
      const url = `http://${address.includes(':') ? `[${address}]` : address}:${bound}`;
      // The first signal stops new requests and lets those in flight finish; a second one ends at once.
      // Handled before the address is printed: whoever reads it may stop the server at once.
      const stopped = new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals) => {
          if (stopping) process.exit(EXIT_INTERRUPTED);
          stopping = true;
          process.stderr.write(`${signal}: finishing the requests in flight\n`);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      process.stdout.write(flags.json === true ? `${JSON.stringify({ url })}\n` : `listening on ${url}\n`);
      await stopped;
      await served.shutdown();
      await store.close();
      setExit(EXIT_OK);
    });
}

function integerFlag(flag: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}
