/**
 * Values are shared between cassettes and packed into blocks. Removing a cassette drops the values
 * only it used, and a block only when no value lives in it any more: an empty value takes no bytes
 * but is still a value that other cassettes use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Cassette, contentDigest } from '@cassettekit/core';
import { codecFor } from '@cassettekit/formats';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../src/index.js';
import { tempDir } from './support/backdoor.js';

let tmp: ReturnType<typeof tempDir>;
let path: string;
let store: SqliteStore;

beforeEach(async () => {
  tmp = tempDir();
  path = join(tmp.dir, 'shared.db');
  store = await createSqliteStore({ path, create: true });
});

afterEach(async () => {
  await store.close();
  tmp.remove();
});

const CORPUS = fileURLToPath(new URL('../../../fixtures/corpus/', import.meta.url));
/** Two real cassettes (tweepy's vcrpy and go-vcr's own) that share an empty value. */
const real = (file: string): Cassette => codecFor('yaml').decode(readFileSync(join(CORPUS, file), 'utf8'));
const TWEEPY = 'vcrpy/tweepy__tweepy/cassettes__test_api_indicate_direct_message_typing.yaml';
const ETCD = 'go-vcr/dnaeon__go-vcr/at-v1.2.0__example__fixtures__etcd.yaml';

describe('values shared between cassettes', () => {
  it('removing a cassette keeps an empty value another cassette still uses (and its block)', async () => {
    const tweepy = real(TWEEPY);
    await store.put('etcd', real(ETCD));
    await store.put('tweepy', tweepy);

    expect(await store.delete('etcd')).toBe(true);

    const b = await store.get('tweepy');
    expect(contentDigest(b!.cassette.data)).toBe(contentDigest(tweepy.data));
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
    expect(await store.delete('tweepy')).toBe(true);
    expect(await store.get('tweepy')).toBeNull();
  });
});
