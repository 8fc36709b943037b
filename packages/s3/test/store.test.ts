import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { contentDigest, isCassetteError, type SkippedEntry } from '@cassettekit/core';
import { small } from '@cassettekit/store-test-suite';
import { freePort, HOW_TO_PROVIDE, provideS3Server } from '@cassettekit/store-test-suite/s3-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBucket, listKeys, openStore, plainClient } from './helpers.js';

const client = plainClient();
let bucket: string;
beforeAll(async () => {
  bucket = await createBucket(client, 'store');
});
afterAll(() => client.destroy());

describe('S3 store specifics', () => {
  it('lists only its own cassettes and names every other key under its prefix as skipped', async () => {
    const store = await openStore({ bucket, prefix: 'mixed' });
    const gz = await openStore({ bucket, prefix: 'mixed', compress: 'gzip' });
    await store.put('a/one', small('1'));
    await gz.put('a/two', small('2'));
    for (const key of [
      'mixed/readme.txt',
      'mixed/a/three.json',
      'mixed/a//bad.yaml',
      'mixed/../up.yaml',
      'mixed/noextension',
      'mixed-other/x.yaml',
      'mixed/.yaml',
      'mixed/folder/',
    ]) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x' }));
    }
    const listing = async (s: typeof store) => {
      const names: string[] = [];
      const skipped: SkippedEntry[] = [];
      for await (const e of s.list({ onSkip: (entry) => skipped.push(entry) })) names.push(e.name);
      return { names, skipped };
    };
    const plain = await listing(store);
    expect(plain.names).toEqual(['a/one']);
    const reasons = new Map(plain.skipped.map((e) => [e.location, e.reason]));
    // Another prefix is not this store's; a folder marker is no object anyone wrote.
    expect([...reasons.keys()].sort()).toEqual([
      'mixed/../up.yaml',
      'mixed/.yaml',
      'mixed/a//bad.yaml',
      'mixed/a/three.json',
      'mixed/a/two.yaml.gz',
      'mixed/noextension',
      'mixed/readme.txt',
    ]);
    expect(reasons.get('mixed/a//bad.yaml')).toContain('not a valid cassette name');
    expect(reasons.get('mixed/../up.yaml')).toContain('not a valid cassette name');
    expect(reasons.get('mixed/noextension')).toContain('.yaml');
    const zipped = await listing(gz);
    expect(zipped.names).toEqual(['a/two']);
    expect(zipped.skipped.map((e) => e.location)).toContain('mixed/a/one.yaml');
    // Without onSkip the listing is the same.
    const names: string[] = [];
    for await (const e of store.list()) names.push(e.name);
    expect(names).toEqual(['a/one']);
    expect((await listKeys(client, bucket, 'mixed/')).sort()).toContain('mixed/a/two.yaml.gz');
    await store.close();
    await gz.close();
  });

  it('opened readOnly, it reads but put and delete fail with PERMISSION_DENIED and change nothing', async () => {
    const writer = await openStore({ bucket, prefix: 'ro' });
    const { version } = await writer.put('kept', small('kept'));
    const reader = await openStore({ bucket, prefix: 'ro', readOnly: true });
    expect((await reader.get('kept'))?.version).toBe(version);
    const put = await reader.put('new', small('new')).catch((e: unknown) => e);
    expect(isCassetteError(put, 'PERMISSION_DENIED'), String(put)).toBe(true);
    expect(String(put)).toContain('read-only');
    expect(String(put)).toContain('new');
    const del = await reader.delete('kept').catch((e: unknown) => e);
    expect(isCassetteError(del, 'PERMISSION_DENIED'), String(del)).toBe(true);
    expect((await listKeys(client, bucket, 'ro/')).sort()).toEqual(['ro/kept.yaml']);
    expect((await writer.get('kept'))?.version).toBe(version);
    await reader.close();
    await writer.close();
  });

  it('lists thousands of keys through the paginator, in name order', async () => {
    const store = await openStore({ bucket, prefix: 'many' });
    const body = (await (async () => {
      await store.put('seed', small('x'));
      const { GetObjectCommand } = await import('@aws-sdk/client-s3');
      const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: store.keyOf('seed') }));
      return Buffer.from(await r.Body!.transformToByteArray());
    })()) as Buffer;
    const names = Array.from(
      { length: 2100 },
      (_, i) => `n/${String(i).padStart(4, '0')}${i % 2 ? '-x' : ''}`,
    );
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < names.length) {
          const name = names[next++]!;
          await client.send(new PutObjectCommand({ Bucket: bucket, Key: store.keyOf(name), Body: body }));
        }
      }),
    );
    const listed: string[] = [];
    for await (const e of store.list({ prefix: 'n/' })) listed.push(e.name);
    expect(listed).toEqual([...names].sort());
    await store.close();
  }, 120_000);

  it('a delete with ifVersion is itself conditional: a write between its check and the delete wins', async () => {
    const store = await openStore({ bucket, prefix: 'del' });
    const { version } = await store.put('x', small('one'));
    // Someone writes right after the store's HeadObject check and before its DeleteObject.
    store.client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'HeadObjectCommand') {
          await client.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: store.keyOf('x'),
              Body: 'version: 1\ninteractions: []\n',
            }),
          );
        }
        return result;
      },
      { step: 'initialize', name: 'interloper' },
    );
    const error = await store.delete('x', { ifVersion: version }).catch((e: unknown) => e);
    expect(isCassetteError(error, 'CONFLICT'), String(error)).toBe(true);
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: store.keyOf('x') }));
    expect(head.ETag).not.toBe(version);
    await store.close();
  });

  it('writes large cassettes as a conditional multipart upload', async () => {
    const store = await openStore({ bucket, prefix: 'large' });
    const big = small('x'.repeat(17 * 1024 * 1024));
    const { version } = await store.put('big', big, { ifVersion: null });
    expect(version).toMatch(/-\d+"$/); // a multipart ETag
    const again = await store
      .put('big', small('y'.repeat(17 * 1024 * 1024)), { ifVersion: null })
      .catch((e: unknown) => e);
    expect(isCassetteError(again, 'CONFLICT'), String(again)).toBe(true);
    const got = await store.get('big');
    expect(got?.version).toBe(version);
    expect(contentDigest(got!.cassette.data)).toBe(contentDigest(big.data));
    const stale = await store.put('big', big, { ifVersion: '"stale"' }).catch((e: unknown) => e);
    expect(isCassetteError(stale, 'CONFLICT'), String(stale)).toBe(true);
    await store.close();
  }, 120_000);

  it('without a server the tests fail with a message saying how to provide one', async () => {
    const port = await freePort();
    const error = await provideS3Server({ CASSETTE_S3_ENDPOINT: `http://127.0.0.1:${port}` }).catch(
      (e: unknown) => e,
    );
    expect(String(error)).toContain('does not answer');
    expect(String(error)).toContain(HOW_TO_PROVIDE);
    expect(HOW_TO_PROVIDE).toContain("pip install 'moto[server]'");
  });
});
