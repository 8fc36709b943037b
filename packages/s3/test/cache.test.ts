import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentDigest, isCassetteError } from '@cassettekit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectCache } from '../src/cache.js';
import { codecFor } from '../src/index.js';
import { corpusFiles } from './corpus.js';
import { createBucket, endpoint, openStore, plainClient, recordCalls } from './helpers.js';

const client = plainClient();
let bucket: string;
let dir: string;
const sample = corpusFiles()
  .filter((f) => f.format === 'yaml' && !f.path.includes('migration'))
  .slice(0, 25)
  .map((f) => ({ ...f, cassette: codecFor('yaml').decode(f.bytes.toString('utf8')) }));

beforeAll(async () => {
  bucket = await createBucket(client, 'cache');
  dir = await mkdtemp(join(tmpdir(), 'cassette-s3-cache-'));
  const writer = await openStore({ bucket, prefix: 'pull' });
  for (const f of sample) await writer.put(f.name, f.cassette);
  await writer.close();
});
afterAll(async () => {
  client.destroy();
  await rm(dir, { recursive: true, force: true });
});

async function pull(store: Awaited<ReturnType<typeof openStore>>): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  for await (const entry of store.list()) {
    const got = await store.get(entry.name);
    digests.set(entry.name, contentDigest(got!.cassette.data));
  }
  return digests;
}

describe('the local read-through cache', () => {
  it('with listingMaxAge 0, a warm pull makes conditional GETs only, each answered 304 without a body', async () => {
    const cacheDir = join(dir, 'warm');
    const cold = await openStore({ bucket, prefix: 'pull', cacheDir, listingMaxAgeMs: 0 });
    const coldCalls = recordCalls(cold.client);
    const expected = await pull(cold);
    await cold.close();
    expect(expected.size).toBe(sample.length);
    for (const f of sample) expect(expected.get(f.name)).toBe(f.digest);
    const coldGets = coldCalls.filter((c) => c.command === 'GetObjectCommand');
    expect(coldGets).toHaveLength(sample.length);
    expect(coldGets.every((c) => !c.conditional && c.status === 200)).toBe(true);

    const warm = await openStore({ bucket, prefix: 'pull', cacheDir, listingMaxAgeMs: 0 });
    const warmCalls = recordCalls(warm.client);
    expect(await pull(warm)).toEqual(expected);
    const gets = warmCalls.filter((c) => c.command === 'GetObjectCommand');
    expect(gets).toHaveLength(sample.length);
    expect(
      gets.every((c) => c.conditional && c.status === 304),
      JSON.stringify(gets),
    ).toBe(true);
    expect(warmCalls.filter((c) => c.command !== 'GetObjectCommand').map((c) => c.command)).toEqual([
      'ListObjectsV2Command',
    ]);

    // A changed cassette is fetched again (200), the rest stay 304; the cache then holds the new one.
    const writer = await openStore({ bucket, prefix: 'pull' });
    const changed = sample[0]!;
    const edited = codecFor('yaml').decode(changed.bytes.toString('utf8'));
    (edited.data as { extra?: string }).extra = 'changed';
    const { version } = await writer.put(changed.name, edited);
    await writer.close();
    warmCalls.length = 0;
    const got = await warm.get(changed.name);
    expect(got?.version).toBe(version);
    expect(contentDigest(got!.cassette.data)).toBe(contentDigest(edited.data));
    expect(warmCalls.map((c) => [c.conditional, c.status])).toEqual([[true, 200]]);
    warmCalls.length = 0;
    await warm.get(changed.name);
    expect(warmCalls.map((c) => [c.conditional, c.status])).toEqual([[true, 304]]);
    // restore for the other tests
    const restore = await openStore({ bucket, prefix: 'pull' });
    await restore.put(changed.name, changed.cassette);
    await restore.close();
    await warm.close();
  });

  it('a cassette served from the cache writes back byte for byte, also one no style reproduces', async () => {
    const cacheDir = join(dir, 'bytes');
    const text = `# recorded by hand\n${sample[0]!.bytes.toString('utf8')}`;
    const writer = await openStore({ bucket, prefix: 'bytes', cacheDir });
    await writer.put('hand/edited', codecFor('yaml').decode(text));
    for (const f of sample.slice(0, 5)) await writer.put(f.name, f.cassette);
    await writer.close();
    for (const round of ['cold', 'warm (304)']) {
      const reader = await openStore({ bucket, prefix: 'bytes', cacheDir });
      const got = await reader.get('hand/edited');
      expect(codecFor('yaml').encode(got!.cassette) === text, round).toBe(true);
      for (const f of sample.slice(0, 5)) {
        const cassette = (await reader.get(f.name))!.cassette;
        expect(codecFor('yaml').encode(cassette) === f.bytes.toString('utf8'), `${round} ${f.name}`).toBe(
          true,
        );
      }
      await reader.close();
    }
  });

  it('by default, a get right after a list that saw the cached ETag makes no request', async () => {
    const cacheDir = join(dir, 'listing');
    const cold = await openStore({ bucket, prefix: 'pull', cacheDir });
    await pull(cold);
    await cold.close();
    const warm = await openStore({ bucket, prefix: 'pull', cacheDir });
    const calls = recordCalls(warm.client);
    const digests = await pull(warm);
    for (const f of sample) expect(digests.get(f.name)).toBe(f.digest);
    expect(calls.map((c) => c.command)).toEqual(['ListObjectsV2Command']);
    // Without a fresh listing it revalidates as usual.
    calls.length = 0;
    const other = await openStore({ bucket, prefix: 'pull', cacheDir });
    const otherCalls = recordCalls(other.client);
    await other.get(sample[1]!.name);
    expect(otherCalls.map((c) => [c.command, c.status])).toEqual([['GetObjectCommand', 304]]);
    await other.close();
    // A write by another process after the listing: the store reads as of its listing until it lists
    // again, and a compare-and-swap against the listed version fails, so nothing is overwritten.
    const target = sample[2]!;
    const listedVersion = (await warm.get(target.name))!.version;
    const writer = await openStore({ bucket, prefix: 'pull' });
    const edited = codecFor('yaml').decode(target.bytes.toString('utf8'));
    (edited.data as { extra?: string }).extra = 'changed elsewhere';
    const { version: newer } = await writer.put(target.name, edited);
    expect((await warm.get(target.name))!.version).toBe(listedVersion);
    const stale = await warm
      .put(target.name, target.cassette, { ifVersion: listedVersion })
      .catch((e: unknown) => e);
    expect(isCassetteError(stale, 'CONFLICT'), String(stale)).toBe(true);
    await pull(warm);
    expect((await warm.get(target.name))!.version).toBe(newer);
    await writer.put(target.name, target.cassette);
    await writer.close();
    await warm.close();
  });

  it('serves the cached copy with a warning when the service cannot be reached', async () => {
    const cacheDir = join(dir, 'offline');
    const proxy = await tcpProxy(new URL(endpoint()));
    const warnings: string[] = [];
    const options = { bucket, prefix: 'pull', cacheDir, endpoint: proxy.endpoint, maxAttempts: 2 };
    const online = await openStore(options);
    const name = sample[2]!.name;
    const before = await online.get(name);
    await online.close();
    await proxy.close();

    const offline = await openStore({ ...options, warn: (m) => warnings.push(m) });
    expect(warnings.join('\n')).toMatch(/cannot reach .*ECONNREFUSED/);
    warnings.length = 0;
    const got = await offline.get(name);
    expect(got?.version).toBe(before?.version);
    expect(contentDigest(got!.cassette.data)).toBe(sample[2]!.digest);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(name);
    expect(warnings[0]).toContain('serving the cached copy');
    // What is not cached cannot be served: a clear error naming the endpoint.
    const error = await offline.get(sample[3]!.name).catch((e: unknown) => e);
    expect(isCassetteError(error, 'UNAVAILABLE'), String(error)).toBe(true);
    expect(String(error)).toContain(proxy.endpoint);
    expect(String(error)).toContain('ECONNREFUSED');
    await offline.close();
  });

  it('never serves a partial or damaged cache file: it is a miss, and the object is fetched again', async () => {
    const cacheDir = join(dir, 'damaged');
    const store = await openStore({ bucket, prefix: 'pull', cacheDir });
    const calls = recordCalls(store.client);
    const name = sample[4]!.name;
    await store.get(name);
    const [sub] = await readdir(cacheDir);
    const entryDir = join(cacheDir, sub!);
    const [file] = (await readdir(entryDir)).filter((f) => f.endsWith('.entry'));
    const full = await readFile(join(entryDir, file!));
    await writeFile(join(entryDir, file!), full.subarray(0, Math.floor(full.length / 2)));
    calls.length = 0;
    const got = await store.get(name);
    expect(contentDigest(got!.cassette.data)).toBe(sample[4]!.digest);
    expect(calls.map((c) => [c.conditional, c.status])).toEqual([[false, 200]]);
    await store.close();
  });

  it('is safe for parallel readers while entries are replaced: whole old or whole new entries only', async () => {
    const cache = new ObjectCache(join(dir, 'parallel'), 'store');
    const bodies = [Buffer.alloc(300_000, 'a'), Buffer.alloc(200_000, 'b')];
    await cache.write({ etag: '"0"', key: 'k', body: bodies[0]! });
    let stop = false;
    const seen = new Set<string>();
    const readers = Array.from({ length: 4 }, async () => {
      while (!stop) {
        // Reads are synchronous by design (see cache.ts): yield so that the writers get to run.
        await new Promise((resolve) => setImmediate(resolve));
        const entry = await cache.read('k');
        expect(entry).not.toBeNull();
        const i = Number(entry!.etag.replaceAll('"', ''));
        expect(entry!.body!.equals(bodies[i]!)).toBe(true);
        seen.add(entry!.etag);
      }
    });
    const writers = Array.from({ length: 2 }, async (_, w) => {
      for (let n = 0; n < 40; n += 1)
        await cache.write({ etag: `"${(n + w) % 2}"`, key: 'k', body: bodies[(n + w) % 2]! });
    });
    await Promise.all(writers);
    stop = true;
    await Promise.all(readers);
    expect(seen.size).toBe(2);
    expect((await readdir(cache.dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reads CASSETTE_CACHE_DIR when no cache option is given', async () => {
    const cacheDir = join(dir, 'from-env');
    const store = await openStore({ bucket, prefix: 'pull', env: { CASSETTE_CACHE_DIR: cacheDir } });
    await store.get(sample[0]!.name);
    await store.close();
    expect((await readdir(cacheDir)).length).toBe(1);
  });
});

/** A TCP proxy to the S3 server that can be closed, to make the service unreachable. */
async function tcpProxy(target: URL): Promise<{ endpoint: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(socket).add(upstream);
    socket.pipe(upstream).pipe(socket);
    const drop = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
