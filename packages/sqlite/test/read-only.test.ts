import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CassetteError, contentDigest } from '@cassettekit/core';
import { small } from '@cassettekit/store-test-suite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore, sqliteDriver } from '../src/index.js';
import { tempDir } from './support/backdoor.js';
import {
  bindReadOnly,
  canMount,
  mountTmpfs,
  noMountReason,
  remountReadOnly,
  unmount,
} from './support/mount.js';

// A database whose bytes can be read is read, without `?mode=ro`, leaving no -wal/-shm behind;
// writes then fail with PERMISSION_DENIED naming the file. Real read-only mounts (see support/mount.ts).

let tmp: ReturnType<typeof tempDir>;
const mounted: string[] = [];
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  for (const path of mounted.splice(0).reverse()) unmount(path);
  tmp.remove();
});

async function makeDatabase(path: string): Promise<Map<string, string>> {
  const store = await createSqliteStore({ path, create: true });
  const digests = new Map<string, string>();
  for (let i = 0; i < 5; i += 1) {
    const c = small(`body ${i} `.repeat(300 + i));
    await store.put(`c/${i}`, c);
    digests.set(`c/${i}`, contentDigest(c.data));
  }
  await store.close();
  return digests;
}

async function expectReadableNotWritable(path: string, digests: Map<string, string>): Promise<void> {
  const store = await sqliteDriver.open(
    { url: `sqlite:${path}`, scheme: 'sqlite', location: path, params: new URLSearchParams() },
    {},
  );
  const names: string[] = [];
  for await (const e of store.list()) names.push(e.name);
  expect(names).toEqual([...digests.keys()]);
  for (const [name, digest] of digests) {
    expect(contentDigest((await store.get(name))!.cassette.data)).toBe(digest);
  }
  for (const attempt of [() => store.put('c/new', small('x')), () => store.delete('c/1')]) {
    const error = (await attempt().catch((e: unknown) => e)) as CassetteError;
    expect(error.code, String(error)).toBe('PERMISSION_DENIED');
    expect(error.message).toContain(path);
    expect(error.hint).toMatch(/writable/);
  }
  await store.close();
}

describe.skipIf(!canMount)(`sqlite store: read-only storage (skipped: ${noMountReason})`, () => {
  it('a database on a read-only file system: read without mode=ro, nothing created beside it', async () => {
    const dir = join(tmp.dir, 'fs');
    mkdirSync(dir);
    mountTmpfs(dir, 8 * 1024 * 1024);
    mounted.push(dir);
    const path = join(dir, 'cassettes.db');
    const digests = await makeDatabase(path);
    remountReadOnly(dir);
    await expectReadableNotWritable(path, digests);
    expect(readdirSync(dir)).toEqual(['cassettes.db']);
    // Creating a new database there is refused, naming it.
    const error = (await createSqliteStore({ path: join(dir, 'new.db'), create: true }).catch(
      (e: unknown) => e,
    )) as CassetteError;
    expect(error.code).toBe('PERMISSION_DENIED');
  });

  it('a read-only database file in a writable folder: read without mode=ro, no -wal/-shm left', async () => {
    const path = join(tmp.dir, 'cassettes.db');
    const digests = await makeDatabase(path);
    bindReadOnly(path);
    mounted.push(path);
    await expectReadableNotWritable(path, digests);
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(existsSync(`${path}-shm`)).toBe(false);
  });

  it('mode=ro on a writable database leaves no -wal/-shm either', async () => {
    const path = join(tmp.dir, 'cassettes.db');
    await makeDatabase(path);
    const store = await createSqliteStore({ path, readOnly: true });
    expect(await store.get('c/1')).not.toBeNull();
    await store.close();
    expect(readdirSync(tmp.dir)).toEqual(['cassettes.db']);
  });
});
