import { spawn } from 'node:child_process';
import { CLI, REPO } from './run-cli.js';

/**
 * A module preloaded with `--import`: it registers a loader hook that reports every module URL the
 * program loads, and prints them to stderr at exit, one per line after a marker.
 */
const HOOK = `
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const seen = [];
port1.on('message', (url) => seen.push(url));
port1.unref();
register('data:text/javascript,' + encodeURIComponent(
  'let port; export function initialize(d) { port = d.port; }' +
  'export async function load(url, context, next) { port.postMessage(url); return next(url, context); }'
), { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });
process.on('exit', () => process.stderr.write('\\n--loaded--\\n' + seen.join('\\n') + '\\n'));
`;

/** The URLs of the modules `cassette ARGS` loads (ESM and the entry points of CommonJS packages). */
export function loadedModules(args: readonly string[], cwd: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(HOOK)}`, CLI, ...args],
      { cwd: cwd ?? REPO, env: { ...process.env, CASSETTE_STORE: '' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', () => {
      const at = stderr.indexOf('\n--loaded--\n');
      if (at < 0) reject(new Error(`no module list: ${stderr}`));
      else
        resolve(
          stderr
            .slice(at + 12)
            .split('\n')
            .filter(Boolean),
        );
    });
  });
}
