import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
    s3Owned: boolean;
    /** The Python with moto's server (empty when the server came from the environment). */
    motoPython: string;
  }
}

/** An S3 API server for tests: moto started here, or one given in the environment. */
export interface S3TestServer {
  readonly endpoint: string;
  /** True when this process started it (so it may be reset and must be stopped). */
  readonly owned: boolean;
  readonly pid: number | undefined;
  /** The Python that runs moto, when it was started here. */
  readonly python?: string;
  stop(): Promise<void>;
}

export const HOW_TO_PROVIDE = [
  'The S3 tests need an S3 API server on loopback. Either:',
  "  - install moto's server in a Python 3 (pip install 'moto[server]'); it is looked for in $CASSETTE_MOTO_PYTHON,",
  '    the pyenv shims, ~/.pyenv/versions/*/bin/python3 and python3 on PATH; or',
  '  - start any S3-compatible server (MinIO, moto, ...) and set CASSETTE_S3_ENDPOINT=http://127.0.0.1:PORT',
  '    (with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY when it checks credentials).',
].join('\n');

/** The first Python that can `import moto.server, flask`, or undefined. */
export function findMotoPython(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates: string[] = [];
  if (env.CASSETTE_MOTO_PYTHON) candidates.push(env.CASSETTE_MOTO_PYTHON);
  const pyenvRoot = env.PYENV_ROOT ?? join(homedir(), '.pyenv');
  candidates.push(join(pyenvRoot, 'shims', 'python3'));
  const versions = join(pyenvRoot, 'versions');
  if (existsSync(versions)) {
    for (const v of readdirSync(versions).sort().reverse())
      candidates.push(join(versions, v, 'bin', 'python3'));
  }
  candidates.push('python3');
  for (const python of candidates) {
    if (python.includes('/') && !existsSync(python)) continue;
    const probe = spawnSync(python, ['-c', 'import moto.server, flask'], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    if (probe.status === 0) return python;
  }
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `GET /` answers (200; a moto that checks credentials answers an error, but it answers). */
async function isReady(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/`, { signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

/**
 * moto's server as `python -m moto.server` runs it, but answering one request at a time: moto checks
 * a conditional write's precondition and then writes, so with threads two racing PUTs can both pass
 * the check on a busy machine. Served serially, `If-Match` / `If-None-Match` are exact, as on S3.
 */
const SERIAL_MOTO = [
  'import os, sys',
  'from moto.server import DomainDispatcherApplication, create_backend_app',
  'from werkzeug.serving import run_simple',
  'host, port = sys.argv[1], int(sys.argv[2])',
  'os.environ.setdefault("MOTO_PORT", str(port))',
  'app = DomainDispatcherApplication(create_backend_app)',
  'run_simple(host, port, app, threaded=False)',
].join('\n');

/** Starts moto's S3 server on a free port and waits until `GET /` answers. */
export async function startMoto(
  python: string,
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<S3TestServer> {
  // Generous: on a busy 2-core machine Python alone can take tens of seconds to import moto.
  const timeoutMs = options.timeoutMs ?? 120_000;
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(python, ['-c', SERIAL_MOTO, '127.0.0.1', String(port)], {
    env: { ...process.env, MOTO_S3_DEFAULT_KEY_BUFFER_SIZE: '67108864', ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  const pid = child.pid;
  const kill = (): void => {
    if (pid !== undefined && exited === undefined) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
  };
  // Never leave the server behind, even when the test run dies.
  process.once('exit', kill);
  const deadline = Date.now() + timeoutMs;
  while (!(await isReady(endpoint))) {
    if (exited !== undefined || Date.now() > deadline) {
      kill();
      throw new Error(
        `moto's S3 server (${python} with moto.server, port ${port}) did not start: ${exited ?? 'not ready in time'}\n${log}\n${HOW_TO_PROVIDE}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    endpoint,
    owned: true,
    pid,
    python,
    async stop() {
      process.removeListener('exit', kill);
      if (pid === undefined || exited !== undefined) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(kill, 3000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** The endpoint from CASSETTE_S3_ENDPOINT / AWS_ENDPOINT_URL_S3, else a moto server started here. */
export async function provideS3Server(env: NodeJS.ProcessEnv = process.env): Promise<S3TestServer> {
  const given = env.CASSETTE_S3_ENDPOINT || env.AWS_ENDPOINT_URL_S3;
  if (given) {
    if (!(await isReady(given.replace(/\/+$/, '')))) {
      throw new Error(`The S3 endpoint ${given} (from the environment) does not answer.\n${HOW_TO_PROVIDE}`);
    }
    return { endpoint: given.replace(/\/+$/, ''), owned: false, pid: undefined, stop: async () => {} };
  }
  const python = findMotoPython(env);
  if (python === undefined)
    throw new Error(`No S3 server for the tests: moto's server was not found.\n${HOW_TO_PROVIDE}`);
  return startMoto(python);
}

/** Clears every bucket of a moto server (between test files). */
export async function resetMoto(endpoint: string): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`POST ${endpoint}/moto-api/reset answered ${response.status}`);
}
