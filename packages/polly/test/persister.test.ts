import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import FetchAdapterModule from '@pollyjs/adapter-fetch';
import NodeHttpAdapterModule from '@pollyjs/adapter-node-http';
import { Polly } from '@pollyjs/core';
import FSPersisterModule from '@pollyjs/persister-fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CassettePersister, harToCassette } from '../src/index.js';
import { openStore } from '../src/open-store.js';
import { NON_ASCII, startOrigin } from './origin.js';

declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
  }
}

// CommonJS packages whose types say `export default`: at run time the default import is the class.
const cjs = <T>(module: { default: T }): T => module as unknown as T;
const NodeHttpAdapter = cjs(NodeHttpAdapterModule);
const FetchAdapter = cjs(FetchAdapterModule);
const FSPersister = cjs(FSPersisterModule);

Polly.register(NodeHttpAdapter);
Polly.register(FetchAdapter);
Polly.register(CassettePersister);
Polly.register(FSPersister);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-polly-'));
  process.env.CASSETTE_S3_ENDPOINT = inject('s3Endpoint');
  process.env.AWS_ACCESS_KEY_ID ??= 'testing';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
  process.env.AWS_REGION ??= 'us-east-1';
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The requests a test makes, through the adapter under test. */
const clients = {
  'node-http': (url: string) =>
    new Promise<string>((resolve, reject) => {
      // Called through the module object: Polly's node-http adapter patches http.get at run time.
      http
        .get(`${url}/text`, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        })
        .on('error', reject);
    }),
  fetch: async (url: string) => {
    const text = await (await fetch(`${url}/text`)).text();
    const echo = await (await fetch(`${url}/echo`, { method: 'POST', body: `body ${NON_ASCII}` })).text();
    return `${text}|${echo}`;
  },
} as const;

const STORES = [
  ['polly', () => `polly:${dir}/polly-folder`],
  ['yaml', () => `yaml:${dir}/yaml`],
  ['sqlite', () => `sqlite:${dir}/recordings.db`],
  // A fresh bucket per run: the s3 store makes a missing bucket only when asked to.
  ['s3', () => `s3://polly-${randomBytes(4).toString('hex')}/recordings?createBucket=true`],
] as const;

function polly(name: string, adapter: keyof typeof clients, store: string, mode: 'record' | 'replay') {
  return new Polly(name, {
    adapters: [adapter],
    persister: 'cassette',
    persisterOptions: { cassette: { store } },
    mode,
    recordIfMissing: false,
    logLevel: 'silent',
    matchRequestsBy: { headers: false, order: false },
  });
}

describe.each(STORES)('Polly records into and replays from a %s store', (_kind, storeUrl) => {
  it.each(Object.keys(clients) as (keyof typeof clients)[])('with the %s adapter', async (adapter) => {
    await recordAndReplay(storeUrl(), adapter);
  });
});

async function recordAndReplay(store: string, adapter: keyof typeof clients): Promise<void> {
  const origin = await startOrigin();
  const request = clients[adapter];
  let recorded: string;
  const recording = polly(`suite/${adapter}`, adapter, store, 'record');
  const recordingId = (recording as unknown as { recordingId: string }).recordingId;
  try {
    recorded = await request(origin.url);
  } finally {
    await recording.stop();
    await origin.stop();
  }
  expect(recorded).toContain(NON_ASCII);
  await expect(request(origin.url)).rejects.toThrow();

  const replay = polly(`suite/${adapter}`, adapter, store, 'replay');
  try {
    expect(await request(origin.url)).toBe(recorded);
  } finally {
    await replay.stop();
  }

  // One cassette per recording, named by Polly's recording name (not its hashed recording id).
  const names: string[] = [];
  for await (const entry of (await openStore(store)).list()) names.push(entry.name);
  expect(names).toContain(`suite/${adapter}`);
  expect(names).not.toContain(recordingId);
}

describe('a polly: store holds what @pollyjs/persister-fs writes', () => {
  it('recording.har at <recording id>/ is byte for byte the file persister-fs writes for the recording', async () => {
    const store = `polly:${dir}/polly`;
    const origin = await startOrigin();
    const recording = polly('bytes/one test', 'fetch', store, 'record');
    const recordingId = (recording as unknown as { recordingId: string }).recordingId;
    try {
      await clients.fetch(origin.url);
    } finally {
      await recording.stop();
      await origin.stop();
    }
    const file = join(dir, 'polly', recordingId, 'recording.har');
    const stored = await readFile(file, 'utf8');
    const har = JSON.parse(stored) as { log: { entries: unknown[]; _recordingName: string } };
    expect(har.log.entries).toHaveLength(2);
    expect(har.log._recordingName).toBe('bytes/one test');

    // persister-fs's own code writing the same recording into another folder.
    const recordingsDir = join(dir, 'fs');
    const fs = new FSPersister({
      config: { persisterOptions: { fs: { recordingsDir } } },
    } as never) as unknown as {
      onSaveRecording(id: string, data: unknown): void;
    };
    fs.onSaveRecording(recordingId, har);
    expect(stored).toBe(await readFile(join(recordingsDir, recordingId, 'recording.har'), 'utf8'));
    expect(harToCassette(JSON.stringify(har)).format?.original?.text).toBe(stored);
  });
});
