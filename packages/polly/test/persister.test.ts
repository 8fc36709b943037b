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
  ['yaml', () => `yaml:${dir}/yaml`],
  ['sqlite', () => `sqlite:${dir}/recordings.db`],
  ['s3', () => `s3://polly-${randomBytes(4).toString('hex')}/recordings`],
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
    const store = storeUrl();
    const origin = await startOrigin();
    const request = clients[adapter];
    let recorded: string;
    const recording = polly(`suite/${adapter}`, adapter, store, 'record');
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

    // One cassette per recording, named by Polly's recording id.
    const names: string[] = [];
    for await (const entry of (await openStore(store)).list()) names.push(entry.name);
    expect(names).toContainEqual(expect.stringMatching(new RegExp(`^suite_\\d+/${adapter}_\\d+$`)));
  });
});

describe('what is stored is what @pollyjs/persister-fs writes', () => {
  it('the text of a recording is byte for byte the recording.har persister-fs writes for it', async () => {
    const store = `sqlite:${dir}/bytes.db`;
    const origin = await startOrigin();
    const recording = polly('bytes', 'fetch', store, 'record');
    try {
      await clients.fetch(origin.url);
    } finally {
      await recording.stop();
      await origin.stop();
    }
    const opened = await openStore(store);
    const names: string[] = [];
    for await (const entry of opened.list()) names.push(entry.name);
    expect(names).toHaveLength(1);
    const stored = await opened.get(names[0]!);
    const har = JSON.parse(JSON.stringify(stored!.cassette.data)) as { log: { entries: unknown[] } };
    expect(har.log.entries).toHaveLength(2);

    // persister-fs's own code writing the same recording into a folder.
    const recordingsDir = join(dir, 'fs');
    const fs = new FSPersister({
      config: { persisterOptions: { fs: { recordingsDir } } },
    } as never) as unknown as {
      onSaveRecording(id: string, data: unknown): void;
    };
    fs.onSaveRecording(names[0]!, har);
    const written = await readFile(join(recordingsDir, names[0]!, 'recording.har'), 'utf8');
    // The text the persister hands to the store (a polly: store writes it as it is).
    expect(harToCassette(JSON.stringify(har)).format?.original?.text).toBe(written);
    expect(JSON.parse(written)).toEqual(har);
  });
});
