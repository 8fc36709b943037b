import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { CLI, REPO } from './run-cli.js';

/** A `cassette serve` started as a user starts it: a separate process, its address read from stdout. */
export interface ServeProcess {
  readonly url: string;
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Sends SIGTERM (or `signal`) and resolves to the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startServe(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, CASSETTE_STORE: '', ...options.env },
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      child.stdout.off('data', onData);
      const line = stdout.slice(0, newline);
      const url = line.startsWith('{')
        ? (JSON.parse(line) as { url: string }).url
        : line.replace(/^listening on /, '');
      resolve({
        url,
        child,
        stderr: () => stderr,
        stop: (signal = 'SIGTERM') => {
          if (child.exitCode === null && !child.killed) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    void exited.then((code) =>
      reject(new Error(`cassette serve exited with ${code} before listening: ${stderr}`)),
    );
  });
}

/** `fetch` with the bearer token. */
export function client(url: string, token: string) {
  return (path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
    });
}

/** What a CLI process needs to reach the tests' S3 server (moto on loopback) as a CI job would. */
export function motoEnv(endpoint: string): NodeJS.ProcessEnv {
  const credentials = {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
  };
  return { CASSETTE_S3_ENDPOINT: endpoint, ...credentials };
}
