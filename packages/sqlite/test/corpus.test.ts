import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentDigest } from '@cassettekit/core';
import { codecFor } from '@cassettekit/formats';
import { corpusFiles } from '@cassettekit/store-test-suite';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../src/index.js';
import { readCassette, tempDir } from './support/backdoor.js';

// Every real cassette of the corpus: YAML/JSON -> SQLite -> YAML/JSON gives the same bytes, and the
// data PyYAML read from the file (fixtures/corpus/pyyaml-digests.tsv) survives the database.
const corpus = new Map(corpusFiles().map((f) => [f.rel, f]));
const files = [...corpus.keys()];

describe('sqlite store: the vcrpy corpus', () => {
  const tmp = tempDir();
  const path = join(tmp.dir, 'corpus.db');
  let store: SqliteStore;
  beforeAll(async () => {
    store = await createSqliteStore({ path, create: true });
  });
  afterAll(async () => {
    await store.close();
    tmp.remove();
  });

  it('has the corpus', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.length).toBe(159);
  });

  it.each(files)(
    '%s',
    async (file) => {
      const { golden: expected, codec: format, path: source } = corpus.get(file)!;
      const codec = codecFor(format);
      const text = readFileSync(source, 'utf8');
      if (expected === 'INVALID') {
        expect(() => codec.decode(text)).toThrow();
        return;
      }
      const cassette = codec.decode(text);
      expect(contentDigest(cassette.data)).toBe(expected);
      const name = file; // with its extension: the corpus has x.yaml and x.json side by side
      await store.put(name, cassette);

      const got = (await store.get(name))!;
      expect(contentDigest(got.cassette.data)).toBe(expected);
      expect(codec.encode(got.cassette) === text, 'written back byte for byte').toBe(true);
      // The rows, decoded without the store, hold the same data.
      const raw = new Database(path, { readonly: true });
      try {
        expect(contentDigest(readCassette(raw, name)!)).toBe(expected);
      } finally {
        raw.close();
      }
    },
    60_000,
  ); // the largest files take seconds on a busy machine

  it('keeps the original text only for files no style reproduces, and shares bodies', async () => {
    const db = new Database(path, { readonly: true });
    const { originals, total } = db
      .prepare('SELECT count(original) AS originals, count(*) AS total FROM cassettes')
      .get() as { originals: number; total: number };
    db.close();
    expect(total).toBe(files.filter((f) => corpus.get(f)!.golden !== 'INVALID').length);
    expect(originals).toBeLessThan(total / 2);
    const stats = await store.databaseStats();
    expect(stats.bodies).toBeGreaterThan(0);
    expect(stats.bodyStoredBytes).toBeLessThan(stats.bodyRawBytes);
  });
});
