import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { interactionViews } from '@cassettekit/core';
import { codecFor } from '@cassettekit/formats';
import NodeHttpAdapterModule from '@pollyjs/adapter-node-http';
import { Polly } from '@pollyjs/core';
import FSPersisterModule from '@pollyjs/persister-fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// CommonJS packages whose types say `export default`: at run time the default import is the class.
const cjs = <T>(module: { default: T }): T => module as unknown as T;
Polly.register(cjs(NodeHttpAdapterModule));
Polly.register(cjs(FSPersisterModule));

const CLI = fileURLToPath(new URL('../../../apps/cli/dist/main.js', import.meta.url));
const RECORDER = fileURLToPath(new URL('../scripts/record-vcrpy.py', import.meta.url));
/** Recorded by scripts/record-vcrpy.py with vcrpy 8.2.1 and requests against a loopback origin. */
const FIXTURE = fileURLToPath(new URL('fixtures/vcrpy-loopback.yaml', import.meta.url));
/** The Polly recording name the converted cassette is found by: its cassette name. */
const RECORDING = 'converted/vcrpy loopback';
/** The recorder finds vcrpy (installed, or vendored beside the repository) and requests. */
const canRecord = spawnSync('python3', [RECORDER, '--check']).status === 0;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-polly-converted-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Exchange {
  status: number;
  body: Buffer;
}

/** One request through node's http module (which Polly's node-http adapter patches while connected). */
function send(method: string, uri: string, headers: Record<string, string | string[]>, body: Buffer | null) {
  const target = new URL(uri);
  // Loopback only: a request anywhere else is a broken fixture, never sent.
  expect(target.hostname).toBe('127.0.0.1');
  return new Promise<Exchange>((resolve, reject) => {
    const request = http.request(uri, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body ?? undefined);
  });
}

/**
 * `cassette convert yaml:SRC polly:DST --to har`, then Polly (node-http adapter, persister-fs, replay
 * mode, recordIfMissing off, default matchRequestsBy) answers every request of the vcrpy cassette,
 * sent again as recorded (its headers and body), with the recorded status and body — while nothing
 * listens at the recorded origin.
 */
async function convertAndReplay(vcrpyFile: string, work: string): Promise<void> {
  const source = join(work, 'vcrpy');
  const recordings = join(work, 'recordings');
  await mkdir(join(source, 'converted'), { recursive: true });
  await copyFile(vcrpyFile, join(source, `${RECORDING}.yaml`));
  const run = spawnSync(
    process.execPath,
    [CLI, 'convert', `yaml:${source}`, `polly:${recordings}`, '--to', 'har', '--json'],
    { encoding: 'utf8' },
  );
  expect(run.status, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout.trim())).toMatchObject({ name: RECORDING, from: 'vcrpy', to: 'har' });
  // Without --json it says what Polly needs: the recording name, and persister-fs's folder.
  const told = spawnSync(
    process.execPath,
    [CLI, 'convert', `yaml:${source}`, `polly:${recordings}`, '--to', 'har'],
    {
      encoding: 'utf8',
    },
  );
  expect(told.status, told.stderr).toBe(0);
  expect(told.stderr).toContain("new Polly('<cassette name>') (its recording name)");
  expect(told.stderr).toContain(`recordingsDir: ${JSON.stringify(recordings)}`);

  const cassette = codecFor('yaml').decode(await readFile(vcrpyFile, 'utf8'));
  const views = interactionViews(cassette.data);
  expect(views.length).toBeGreaterThan(5);

  const polly = new Polly(RECORDING, {
    adapters: ['node-http'],
    persister: 'fs',
    persisterOptions: { fs: { recordingsDir: recordings } },
    mode: 'replay',
    recordIfMissing: false,
    logLevel: 'silent',
  });
  try {
    for (const view of views) {
      const headers: Record<string, string | string[]> = {};
      for (const [name, values] of view.requestHeaders) {
        const texts = values.map((v) => (typeof v === 'string' ? v : Buffer.from(v).toString('latin1')));
        headers[name] = texts.length === 1 ? texts[0]! : texts;
      }
      const body = view.requestBody === null ? null : Buffer.from(view.requestBody);
      const got = await send(view.method, view.uri, headers, body);
      const recorded = view.responseBody === null ? Buffer.alloc(0) : Buffer.from(view.responseBody);
      expect(got.status, `${view.method} ${view.uri}`).toBe(view.status.code);
      expect(got.body.equals(recorded), `${view.method} ${view.uri}: ${got.body.toString('latin1')}`).toBe(
        true,
      );
    }
  } finally {
    await polly.stop();
  }
}

describe('Polly replays a vcrpy cassette converted to HAR', () => {
  it('the committed loopback recording (same request twice: answered in order)', async () => {
    const text = await readFile(FIXTURE, 'utf8');
    // Nothing listens there now: had Polly not replayed, the request would have failed.
    expect(text).toContain('uri: http://127.0.0.1:');
    await convertAndReplay(FIXTURE, join(dir, 'fixture'));
  });

  it.skipIf(!canRecord)(
    'a cassette vcrpy records now against a loopback origin, stopped before the replay (skipped when vcrpy or requests cannot be imported)',
    async () => {
      const fresh = join(dir, 'fresh.yaml');
      const recording = spawnSync('python3', [RECORDER, fresh], { encoding: 'utf8' });
      expect(recording.status, recording.stderr).toBe(0);
      await convertAndReplay(fresh, join(dir, 'fresh'));
    },
  );
});
