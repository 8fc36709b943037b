import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentDigest } from '@cassettekit/core';
import { codecFor } from '@cassettekit/formats';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../src/index.js';
import { readCassette, tempDir } from './support/backdoor.js';

// Every real cassette of the corpus: YAML/JSON -> SQLite -> YAML/JSON gives the same bytes, and the
// data PyYAML read from the file (fixtures/corpus/pyyaml-digests.tsv) survives the database.
const root = fileURLToPath(new URL('../../../fixtures/corpus/vcrpy/', import.meta.url));
const digests = new Map(
  readFileSync(join(root, '../pyyaml-digests.tsv'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split('\t') as [string, string]),
);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : /\.(ya?ml|json)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}
const files = walk(root)
  .map((f) => relative(root, f))
  .sort();

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
    expect(files.length).toBe(digests.size);
  });

  it.each(files)(
    '%s',
    async (file) => {
      const expected = digests.get(file)!;
      const codec = codecFor(file.endsWith('.json') ? 'json' : 'yaml');
      const text = readFileSync(join(root, file), 'utf8');
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
    expect(total).toBe(files.filter((f) => digests.get(f) !== 'INVALID').length);
    expect(originals).toBeLessThan(total / 2);
    const stats = await store.databaseStats();
    expect(stats.bodies).toBeGreaterThan(0);
    expect(stats.bodyStoredBytes).toBeLessThan(stats.bodyRawBytes);
  });
});
