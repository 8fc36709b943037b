import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CassetteFormat, contentDigest } from '@cassettekit/core';
import { codecFor } from '@cassettekit/formats';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore, SCHEMA_VERSION } from '../src/index.js';
import { v1Cassettes } from './fixtures/v1-cassettes.js';
import { readCassette, tempDir, valueProblems } from './support/backdoor.js';

// fixtures/v1.db was written by the version 1 store (commit c2b4722, before packing): the cassettes
// of fixtures/v1-cassettes.ts and the kevin1024__vcrpy corpus files (as corpus/<file>), with a
// rewrite and a delete before; v1.manifest.json holds what that store read back from it (version,
// content digest, format of each cassette).
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const corpus = fileURLToPath(new URL('../../../fixtures/corpus/vcrpy/kevin1024__vcrpy/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(fixtures, 'v1.manifest.json'), 'utf8')) as Record<
  string,
  { version: string; digest: string; format: CassetteFormat | null }
>;

let tmp: ReturnType<typeof tempDir>;
let path: string;
beforeEach(() => {
  tmp = tempDir();
  path = join(tmp.dir, 'v1.db');
  copyFileSync(join(fixtures, 'v1.db'), path);
});
afterEach(() => tmp.remove());

function pragma(name: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return Number(db.pragma(name, { simple: true }));
  } finally {
    db.close();
  }
}

function schemaOf(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name != 'sqlite_sequence' ORDER BY name",
      )
      .all();
  } finally {
    db.close();
  }
}

describe('sqlite store: migration from schema version 1', () => {
  it('opens a version 1 database, migrates it, and reads back every cassette as version 1 did', async () => {
    expect(pragma('user_version')).toBe(1);
    const store = await createSqliteStore({ path });
    expect(SCHEMA_VERSION).toBe(4);
    expect(pragma('user_version')).toBe(4);
    const names: string[] = [];
    for await (const e of store.list()) names.push(e.name);
    expect(names.sort()).toEqual(Object.keys(manifest).sort());
    const synthetic = v1Cassettes();
    for (const name of names) {
      const expected = manifest[name]!;
      const got = (await store.get(name))!;
      expect(got.version, name).toBe(expected.version);
      expect(contentDigest(got.cassette.data), name).toBe(expected.digest);
      expect(got.cassette.format ?? null, name).toEqual(expected.format);
      if (name.startsWith('corpus/')) {
        const file = name.slice('corpus/'.length);
        const text = readFileSync(join(corpus, file), 'utf8');
        expect(codecFor(file.endsWith('.json') ? 'json' : 'yaml').encode(got.cassette) === text, name).toBe(
          true,
        );
      } else if (synthetic[name] !== undefined && name !== 'synthetic/shared-b') {
        expect(contentDigest(got.cassette.data), name).toBe(contentDigest(synthetic[name].data));
      }
    }
    // One interaction without its cassette, and the query index, as before.
    const odd = (await store.getInteraction('synthetic/odd', 0))!;
    expect(odd.request?.body).toEqual(new Uint8Array([0, 1, 255]));
    expect((await store.findInteractions({ host: 'api.example.com' })).length).toBeGreaterThan(40);
    await store.close();

    const db = new Database(path, { readonly: true });
    try {
      for (const name of names)
        expect(contentDigest(readCassette(db, name)!), name).toBe(manifest[name]!.digest);
      expect(valueProblems(db)).toEqual([]);
      // The old rows' pages went back to the file system, and merges can give theirs back too.
      expect(Number(db.pragma('freelist_count', { simple: true }))).toBe(0);
      expect(Number(db.pragma('auto_vacuum', { simple: true }))).toBe(2);
    } finally {
      db.close();
    }
  });

  it('leaves the schema a new database has', async () => {
    (await createSqliteStore({ path })).close();
    const fresh = join(tmp.dir, 'fresh.db');
    await (await createSqliteStore({ path: fresh, create: true })).close();
    expect(schemaOf(path)).toEqual(schemaOf(fresh));
  });

  it('keeps writing after the migration: versions go on, values are shared and dropped', async () => {
    const store = await createSqliteStore({ path });
    const before = (await store.get('synthetic/shared-a'))!;
    const written = await store.put('synthetic/new', (await store.get('synthetic/shared-a'))!.cassette);
    expect(Number(written.version.slice(1))).toBeGreaterThan(
      Math.max(...Object.values(manifest).map((m) => Number(m.version.slice(1)))),
    );
    expect(await store.delete('synthetic/shared-a')).toBe(true);
    expect(await store.delete('synthetic/odd')).toBe(true);
    expect(contentDigest((await store.get('synthetic/new'))!.cassette.data)).toBe(
      contentDigest(before.cassette.data),
    );
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      expect(valueProblems(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('is not done by a read-only store, which leaves the file as it is', async () => {
    const bytes = readFileSync(path);
    await expect(createSqliteStore({ path, readOnly: true })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});

// fixtures/v3.db was written by the version 3 store (commit 589202e, SHA-256 checks): the cassettes of
// fixtures/v1-cassettes.ts and the kevin1024__vcrpy corpus files it reads (as corpus/<file>), with a
// delete before; v3.manifest.json holds what that store read back from it.
describe('sqlite store: migration from schema version 3', () => {
  const v3Manifest = JSON.parse(readFileSync(join(fixtures, 'v3.manifest.json'), 'utf8')) as typeof manifest;
  let v3: string;
  beforeEach(() => {
    v3 = join(tmp.dir, 'v3.db');
    copyFileSync(join(fixtures, 'v3.db'), v3);
  });
  const sql = (statement: string, ...params: unknown[]) => {
    const db = new Database(v3);
    try {
      return db.prepare(statement).run(...params);
    } finally {
      db.close();
    }
  };

  it('opens a version 3 database, migrates it, and reads back every cassette as version 3 did', async () => {
    const store = await createSqliteStore({ path: v3 });
    const db = new Database(v3, { readonly: true });
    try {
      expect(Number(db.pragma('user_version', { simple: true }))).toBe(4);
      // every value has its CRC: none was damaged
      expect(db.prepare('SELECT count(*) AS n FROM bodies WHERE crc IS NULL').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    const names: string[] = [];
    for await (const e of store.list()) names.push(e.name);
    expect(names.sort()).toEqual(Object.keys(v3Manifest).sort());
    for (const name of names) {
      const expected = v3Manifest[name]!;
      const got = (await store.get(name))!;
      expect(got.version, name).toBe(expected.version);
      expect(contentDigest(got.cassette.data), name).toBe(expected.digest);
      expect(got.cassette.format ?? null, name).toEqual(expected.format);
    }
    expect(await store.check()).toEqual({ checked: names.length, problems: [] });
    // and writes go on
    await store.put('synthetic/new', (await store.get('synthetic/odd'))!.cassette);
    expect(await store.delete('synthetic/odd')).toBe(true);
    expect((await store.getInteraction('synthetic/new', 0))!.request?.body).toEqual(
      new Uint8Array([0, 1, 255]),
    );
    await store.close();
  });

  it('keeps damage found in version 3 an error naming the cassette', async () => {
    // a value whose bytes no longer match its SHA-256, and rows that no longer match their checksum
    // (synthetic/hand-written has the same data as synthetic/styled: they share the document)
    sql(
      "UPDATE bodies SET hash = randomblob(32) WHERE id = (SELECT doc FROM cassettes WHERE name = 'synthetic/styled')",
    );
    sql("UPDATE cassettes SET checksum = randomblob(32) WHERE name = 'synthetic/no-list'");
    const damaged = ['synthetic/hand-written', 'synthetic/no-list', 'synthetic/styled'];
    const store = await createSqliteStore({ path: v3 });
    for (const name of damaged)
      await expect(store.get(name)).rejects.toMatchObject({ code: 'INVALID_CASSETTE', cassette: name });
    const report = await store.check();
    expect([...new Set(report.problems.map((p) => p.cassette))].sort()).toEqual(damaged);
    const odd = (await store.get('synthetic/odd'))!;
    expect(contentDigest(odd.cassette.data)).toBe(v3Manifest['synthetic/odd']!.digest);
    await store.close();
  });

  it('leaves the schema a new database has', async () => {
    await (await createSqliteStore({ path: v3 })).close();
    const fresh = join(tmp.dir, 'fresh.db');
    await (await createSqliteStore({ path: fresh, create: true })).close();
    expect(schemaOf(v3)).toEqual(schemaOf(fresh));
  });
});
