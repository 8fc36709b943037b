// npm run bench (in packages/s3): the S3 store against moto's server (started here, or the one in
// CASSETTE_S3_ENDPOINT), in one run:
//   - migrating the corpus YAML -> S3 through the store, as a ratio to a bare PutObject loop of the same
//     bytes at the same concurrency (target >= 0.8);
//   - pulling the unchanged corpus through a warm cache, as a ratio to a cold pull (target >= 10x).
// Decoding the source files is not timed (a migration reads them whatever the destination).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { provideS3Server } from '@cassettekit/store-test-suite/s3-server';
import { codecFor, createS3Store, type S3Store } from '../src/index.js';
import { corpusFiles } from '../test/corpus.js';

const CONCURRENCY = 8;
const REPEATS = 5;
const credentials = {
  accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'testing',
  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'testing',
};

async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function pull(store: S3Store): Promise<number> {
  const names: string[] = [];
  for await (const entry of store.list()) names.push(entry.name);
  let count = 0;
  await pool(names, CONCURRENCY, async (name) => {
    if ((await store.get(name)) !== null) count += 1;
  });
  return count;
}

async function main(): Promise<void> {
  const server = await provideS3Server();
  const cacheRoot = await mkdtemp(join(tmpdir(), 'cassette-s3-bench-'));
  const client = new S3Client({
    endpoint: server.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials,
  });
  const open = (prefix: string, extra: Partial<Parameters<typeof createS3Store>[0]> = {}) =>
    createS3Store({
      bucket: 'bench',
      prefix,
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials,
      ...extra,
    });
  try {
    await client.send(new CreateBucketCommand({ Bucket: 'bench' }));
    const files = corpusFiles()
      .filter((f) => f.format === 'yaml')
      .flatMap((f) => {
        try {
          return [{ ...f, cassette: codecFor('yaml').decode(f.bytes.toString('utf8')) }];
        } catch {
          return []; // vcrpy's pre-1.0 fixtures are not cassettes
        }
      });
    const bytes = files.reduce((n, f) => n + f.bytes.length, 0);

    // Warm up both paths (connections, JIT) once.
    await pool(files.slice(0, 10), CONCURRENCY, (f) =>
      client.send(new PutObjectCommand({ Bucket: 'bench', Key: `warmup/${f.name}.yaml`, Body: f.bytes })),
    );
    const warmupStore = await open('warmup-store');
    await pool(files.slice(0, 10), CONCURRENCY, (f) => warmupStore.put(f.name, f.cassette));
    await warmupStore.close();

    const bare: number[] = [];
    const viaStore: number[] = [];
    for (let run = 0; run < REPEATS; run += 1) {
      bare.push(
        await time(() =>
          pool(files, CONCURRENCY, (f) =>
            client.send(
              new PutObjectCommand({ Bucket: 'bench', Key: `bare-${run}/${f.name}.yaml`, Body: f.bytes }),
            ),
          ),
        ),
      );
      const store = await open(`store-${run}`);
      viaStore.push(await time(() => pool(files, CONCURRENCY, (f) => store.put(f.name, f.cassette))));
      await store.close();
    }

    const cold: number[] = [];
    const warm: number[] = [];
    const warmListing: number[] = [];
    for (let run = 0; run < REPEATS; run += 1) {
      const cacheDir = join(cacheRoot, `run-${run}`);
      const coldStore = await open('store-0', { cacheDir });
      let count = 0;
      cold.push(await time(async () => (count = await pull(coldStore))));
      await coldStore.close();
      if (count !== files.length) throw new Error(`cold pull got ${count} of ${files.length}`);
      const warmStore = await open('store-0', { cacheDir, listingMaxAgeMs: 0 });
      warm.push(await time(() => pull(warmStore)));
      await warmStore.close();
      const listingStore = await open('store-0', { cacheDir });
      warmListing.push(await time(() => pull(listingStore)));
      await listingStore.close();
    }

    const ms = (v: number) => `${v.toFixed(0)} ms`;
    const rows = [
      [
        'corpus',
        `${files.length} YAML cassettes, ${(bytes / 1e6).toFixed(1)} MB, concurrency ${CONCURRENCY}`,
        '',
        '',
      ],
      ['bare PutObject loop', ms(median(bare)), '', ''],
      [
        'migrate through the store',
        ms(median(viaStore)),
        `${(median(bare) / median(viaStore)).toFixed(2)}x of bare`,
        '>= 0.8',
      ],
      ['cold pull (list + get, empty cache)', ms(median(cold)), '', ''],
      [
        'warm pull, conditional GETs (listingMaxAge=0)',
        ms(median(warm)),
        `${(median(cold) / median(warm)).toFixed(1)}x faster`,
        '',
      ],
      [
        'warm pull (default: the listing revalidates)',
        ms(median(warmListing)),
        `${(median(cold) / median(warmListing)).toFixed(1)}x faster`,
        '>= 10x',
      ],
    ];
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
    console.log(
      `\n@cassettekit/s3 bench against ${server.owned ? "moto's server (started here)" : server.endpoint}, median of ${REPEATS}\n`,
    );
    for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
    console.log('');
  } finally {
    client.destroy();
    await server.stop();
    await rm(cacheRoot, { recursive: true, force: true });
  }
}

await main();
