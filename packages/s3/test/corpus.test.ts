import { gunzipSync } from 'node:zlib';
import { contentDigest } from '@cassettekit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecFor } from '../src/index.js';
import { corpusFiles } from './corpus.js';
import { createBucket, openStore, plainClient, readObject } from './helpers.js';

const client = plainClient();
let bucket: string;
beforeAll(async () => {
  bucket = await createBucket(client, 'corpus');
});
afterAll(() => client.destroy());

/** vcrpy's pre-1.0 fixtures are not cassettes: the codec refuses them (checked below), the rest must pass. */
const NOT_CASSETTES = new Set([
  'kevin1024__vcrpy/tests__fixtures__migration__old_cassette.json',
  'kevin1024__vcrpy/tests__fixtures__migration__old_cassette.yaml',
]);
const allFiles = corpusFiles();
const files = allFiles.filter((f) => !NOT_CASSETTES.has(f.path));

describe('the vcrpy corpus through S3', () => {
  it('has the corpus', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.format === 'json')).toBe(true);
    for (const file of allFiles.filter((f) => NOT_CASSETTES.has(f.path))) {
      expect(() => codecFor(file.format).decode(file.bytes.toString('utf8')), file.path).toThrow(
        /cassette|tag/,
      );
    }
    expect(allFiles.length - files.length).toBe(NOT_CASSETTES.size);
  });

  for (const compress of ['none', 'gzip'] as const) {
    it(`YAML/JSON -> S3 -> YAML/JSON is byte-identical, with the same digest (compress=${compress})`, async () => {
      const stores = {
        yaml: await openStore({ bucket, prefix: `${compress}/yaml`, format: 'yaml', compress }),
        json: await openStore({ bucket, prefix: `${compress}/json`, format: 'json', compress }),
      };
      try {
        for (const file of files) {
          const codec = codecFor(file.format);
          const text = file.bytes.toString('utf8');
          const cassette = codec.decode(text, { cassette: file.path });
          expect(contentDigest(cassette.data), `${file.path}: our digest vs PyYAML's`).toBe(file.digest);
          const store = stores[file.format];
          const { version } = await store.put(file.name, cassette);

          // The object itself is the cassette file (what `aws s3 sync` hands vcrpy), plus metadata.
          const key = store.keyOf(file.name);
          expect(key).toBe(
            `${compress}/${file.format}/${file.name}.${file.format}${compress === 'gzip' ? '.gz' : ''}`,
          );
          const raw = (await readObject(client, bucket, key))!;
          const stored = compress === 'gzip' ? gunzipSync(raw) : raw;
          expect(stored.equals(file.bytes), `${file.path}: object bytes`).toBe(true);

          const got = await store.get(file.name);
          expect(got?.version).toBe(version);
          expect(contentDigest(got!.cassette.data), `${file.path}: read back`).toBe(file.digest);
          expect(codec.encode(got!.cassette) === text, `${file.path}: written back byte for byte`).toBe(true);
        }
        const listed: string[] = [];
        for await (const entry of stores.yaml.list()) listed.push(entry.name);
        expect(listed).toEqual(files.filter((f) => f.format === 'yaml').map((f) => f.name));
      } finally {
        await stores.yaml.close();
        await stores.json.close();
      }
    }, 300_000);
  }

  it('keeps the digest, codec and style in object metadata', async () => {
    const store = await openStore({ bucket, prefix: 'meta' });
    try {
      const file = files.find((f) => f.format === 'yaml')!;
      const cassette = codecFor('yaml').decode(file.bytes.toString('utf8'));
      await store.put(file.name, cassette);
      const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: store.keyOf(file.name) }));
      expect(head.Metadata?.['cassette-digest']).toBe(file.digest);
      expect(head.Metadata?.['cassette-codec']).toBe('yaml');
      if (cassette.format?.style !== undefined) {
        expect(JSON.parse(head.Metadata!['cassette-style']!)).toEqual(cassette.format.style);
      }
      expect(head.ContentType).toBe('application/yaml');
      // A cassette that comes with no style (e.g. built in code) is written in the codec's default.
      await store.put('plain', { data: { interactions: [], version: 1 } });
      const plain = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: store.keyOf('plain') }));
      expect(JSON.parse(plain.Metadata!['cassette-style']!)).toEqual(codecFor('yaml').defaultStyle);
    } finally {
      await store.close();
    }
  });
});
