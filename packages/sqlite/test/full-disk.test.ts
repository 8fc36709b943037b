import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CassetteError, contentDigest } from '@cassettekit/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/index.js';
import { tempDir } from './support/backdoor.js';
import { canMount, mountTmpfs, noMountReason, unmount } from './support/mount.js';

// A disk that fills up in the middle of writes: the writes fail with a clear error, the database
// stays intact, reads keep working, and once there is space again the store just works. No message
// ever tells the user to delete or restore anything.

let tmp: ReturnType<typeof tempDir>;
let dir: string;
beforeEach(() => {
  tmp = tempDir();
  dir = join(tmp.dir, 'disk');
  mkdirSync(dir);
});
afterEach(() => {
  try {
    unmount(dir);
  } catch {}
  tmp.remove();
});

/** A cassette that does not compress: it takes its size on the disk. */
function noisy(i: number) {
  return {
    data: {
      interactions: [
        {
          request: { body: null, headers: {}, method: 'GET', uri: `https://example.com/${i}` },
          response: {
            body: { string: randomBytes(48 * 1024).toString('base64') },
            headers: {},
            status: { code: 200, message: 'OK' },
          },
        },
      ],
      version: 1,
    },
  };
}

const NO_BAD_ADVICE = /delete|remove|restore|backup/i;

describe.skipIf(!canMount)(`sqlite store: a full disk (skipped: ${noMountReason})`, () => {
  it('fills a 4 MB file system: writes fail clearly; afterwards every committed cassette reads back and writes work', async () => {
    mountTmpfs(dir, 4 * 1024 * 1024);
    const filler = join(dir, 'filler');
    writeFileSync(filler, Buffer.alloc(2560 * 1024));
    const path = join(dir, 'c.db');
    const committed = new Map<string, string>();
    let store = await createSqliteStore({ path, create: true });
    let failure: CassetteError | undefined;
    for (let i = 0; i < 200 && failure === undefined; i += 1) {
      const c = noisy(i);
      try {
        await store.put(`c${i}`, c);
        committed.set(`c${i}`, contentDigest(c.data));
      } catch (error) {
        failure = error as CassetteError;
      }
    }
    expect(failure?.code, String(failure)).toBe('UNAVAILABLE');
    expect(failure!.message).toContain(path);
    expect(failure!.hint).toMatch(/disk space/);
    expect(`${failure!.message} ${failure!.hint}`).not.toMatch(NO_BAD_ADVICE);
    expect(committed.size).toBeGreaterThan(3);
    await store.close().catch(() => {});

    // Still full: the database opens and reads.
    store = await createSqliteStore({ path });
    for (const [name, digest] of committed)
      expect(contentDigest((await store.get(name))!.cassette.data), name).toBe(digest);
    await store.close().catch(() => {});

    // Space again: everything reads back, writes work, nothing is left beside the database.
    rmSync(filler);
    store = await createSqliteStore({ path });
    for (const [name, digest] of committed)
      expect(contentDigest((await store.get(name))!.cassette.data), name).toBe(digest);
    await store.put('after', noisy(999));
    await store.close();
    expect(readdirSync(dir).sort()).toEqual(['c.db']);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }, 120_000);
});
