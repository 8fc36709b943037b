import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import FetchAdapterModule from '@pollyjs/adapter-fetch';
import { Polly } from '@pollyjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NON_ASCII, startOrigin } from './origin.js';

// CommonJS packages whose types say `export default`: at run time the default import is the class.
const cjs = <T>(module: { default: T }): T => module as unknown as T;
Polly.register(cjs(FetchAdapterModule));
// persister-rest talks XMLHttpRequest (it was written for browsers) and takes it when it loads: give
// Node one first.
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = createRequire(import.meta.url)('xhr2');
Polly.register(cjs((await import('@pollyjs/persister-rest')).default));

const CLI = fileURLToPath(new URL('../../../apps/cli/dist/main.js', import.meta.url));
let dir: string;
let serve: ChildProcessWithoutNullStreams;
let url: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-polly-rest-'));
  serve = spawn(process.execPath, [CLI, 'serve', `polly:${join(dir, 'recordings')}`, '--port', '0']);
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    serve.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!.replace('listening on ', ''));
    });
    serve.on('exit', (code) => reject(new Error(`cassette serve exited with ${code}`)));
  });
});
afterAll(async () => {
  const exited = new Promise((resolve) => serve.on('exit', resolve));
  serve.kill('SIGTERM');
  await exited;
  await rm(dir, { recursive: true, force: true });
});

function polly(mode: 'record' | 'replay') {
  return new Polly('rest/recording', {
    adapters: ['fetch'],
    persister: 'rest',
    persisterOptions: { rest: { host: url, apiNamespace: '/polly' } },
    mode,
    recordIfMissing: false,
    logLevel: 'silent',
  });
}

describe('@pollyjs/persister-rest against cassette serve, unchanged', () => {
  it('records (POST), replays (GET 200) with the origin stopped, and deletes (DELETE, then GET 204)', async () => {
    const origin = await startOrigin();
    const recording = polly('record');
    let recorded: string;
    try {
      recorded = await (await fetch(`${origin.url}/text`)).text();
    } finally {
      await recording.stop();
      await origin.stop();
    }
    expect(recorded).toContain(NON_ASCII);

    const listed = (await (await fetch(`${url}/v1/cassettes`)).json()) as { cassettes: { name: string }[] };
    expect(listed.cassettes).toHaveLength(1);
    // The polly: store names a recording by its name and keeps it at <recording id>/recording.har.
    expect(listed.cassettes[0]!.name).toBe('rest/recording');
    const { recordingId } = recording as unknown as { recordingId: string };
    expect(recordingId).toMatch(/^rest_\d+\/recording_\d+$/);

    const replay = polly('replay');
    try {
      expect(await (await fetch(`${origin.url}/text`)).text()).toBe(recorded);
    } finally {
      await replay.stop();
    }

    const path = `${url}/polly/${encodeURIComponent(recordingId)}`;
    const har = await fetch(path);
    expect(har.status).toBe(200);
    expect(((await har.json()) as { log: { entries: unknown[] } }).log.entries).toHaveLength(1);
    expect((await fetch(path, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(path)).status).toBe(204);
  });
});
