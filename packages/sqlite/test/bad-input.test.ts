import { chmodSync, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CassetteError, isCassetteError, parseStoreUrl } from '@cassettekit/core';
import { small } from '@cassettekit/store-test-suite';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStoreOptions, sqliteDriver } from '../src/index.js';
import { tempDir } from './support/backdoor.js';

// Root ignores file permissions (chmod cannot make a file read-only for it), so the cases that need a
// real read-only file or folder run only as another user (read-only.test.ts uses read-only mounts as
// root); `readOnly: true` is tested for everyone. Each test opens real files: seconds on a busy machine.
const isRoot = process.getuid?.() === 0;

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  try {
    chmodSync(tmp.dir, 0o755);
  } catch {}
  tmp.remove();
});

/** The file's bytes and modification time, to show that a refused open left it alone. */
function snapshot(path: string): { bytes: Buffer; mtimeMs: number } {
  return { bytes: readFileSync(path), mtimeMs: statSync(path).mtimeMs };
}

async function openError(options: SqliteStoreOptions): Promise<CassetteError> {
  const error = await createSqliteStore(options).then(
    async (store) => {
      await store.close();
      return null;
    },
    (e: unknown) => e,
  );
  if (!isCassetteError(error)) throw new Error(`expected a cassette error, got ${String(error)}`);
  return error;
}

/** A database with a few cassettes, closed (so everything is in the main file). */
async function makeDatabase(path: string, count = 3): Promise<void> {
  const store = await createSqliteStore({ path, create: true });
  for (let i = 0; i < count; i += 1) await store.put(`c/${i}`, small(`body ${i} `.repeat(200 + i)));
  await store.close();
}

describe('sqlite store: files it must refuse, leaving them as they are', { timeout: 30_000 }, () => {
  it('a file that is not SQLite', async () => {
    const path = join(tmp.dir, 'notes.db');
    writeFileSync(path, 'these are my notes, not a database\n'.repeat(20));
    const before = snapshot(path);
    const error = await openError({ path, create: true });
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain(path);
    expect(error.message).toContain('not a SQLite database');
    expect(snapshot(path)).toEqual(before);
  });

  it('a truncated database', async () => {
    const path = join(tmp.dir, 'cut.db');
    await makeDatabase(path, 20);
    truncateSync(path, Math.floor(statSync(path).size / 2));
    const before = snapshot(path);
    const error = await openError({ path });
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain(path);
    expect(error.message).toContain('truncated');
    expect(snapshot(path)).toEqual(before);
  });

  it('a database with damaged pages: reads fail with an error naming the file and the cassette', async () => {
    const path = join(tmp.dir, 'damaged.db');
    await makeDatabase(path, 20);
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    // Scribble over every page but the first (the schema), as a bad disk or a bad copy would.
    for (let offset = pageSize; offset < bytes.length; offset += 1) bytes[offset] = (offset * 7919) & 0xff;
    writeFileSync(path, bytes);
    const before = snapshot(path);
    const store = await createSqliteStore({ path }).catch((e: unknown) => e);
    if (isCassetteError(store)) {
      expect(store.message).toContain(path);
    } else {
      const opened = store as Awaited<ReturnType<typeof createSqliteStore>>;
      const error = await opened.get('c/1').catch((e: unknown) => e);
      expect(isCassetteError(error), String(error)).toBe(true);
      expect((error as CassetteError).message).toContain(path);
      expect((error as CassetteError).message).toContain('c/1');
      await opened.close();
    }
    expect(snapshot(path)).toEqual(before);
  });

  it('a database of another application', async () => {
    const path = join(tmp.dir, 'app.db');
    const other = new Database(path);
    other.exec(
      "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ada')",
    );
    other.close();
    const before = snapshot(path);
    for (const create of [false, true]) {
      const error = await openError({ path, create });
      expect(error.code).toBe('UNSUPPORTED');
      expect(error.message).toContain(path);
      expect(error.message).toContain('another application');
      expect(error.message).toContain('users');
    }
    expect(snapshot(path)).toEqual(before);
  });

  it('a database written by a newer version of this package', async () => {
    const path = join(tmp.dir, 'future.db');
    await makeDatabase(path);
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    const before = snapshot(path);
    const error = await openError({ path });
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toContain(path);
    expect(error.message).toContain('newer');
    expect(error.message).toContain('99');
    expect(snapshot(path)).toEqual(before);
  });

  it.skipIf(isRoot)('a read-only file (skipped as root: root writes read-only files)', async () => {
    const path = join(tmp.dir, 'ro.db');
    await makeDatabase(path);
    chmodSync(path, 0o444);
    const before = snapshot(path);
    // Read without asking for mode=ro; writes refused, naming the file.
    const store = await createSqliteStore({ path });
    expect((await store.get('c/1'))?.version).toMatch(/^r\d+$/);
    const error = (await store.put('c/1', small('x')).catch((e: unknown) => e)) as CassetteError;
    expect(error.code).toBe('PERMISSION_DENIED');
    expect(error.message).toContain(path);
    await store.close();
    expect(snapshot(path)).toEqual(before);
    expect(existsSync(`${path}-wal`) || existsSync(`${path}-shm`)).toBe(false);
  });

  it.skipIf(isRoot)('a read-only folder (skipped as root: root writes there anyway)', async () => {
    const path = join(tmp.dir, 'in-ro.db');
    await makeDatabase(path);
    const before = snapshot(path);
    chmodSync(tmp.dir, 0o555);
    const existing = await createSqliteStore({ path });
    expect(await existing.get('c/1')).not.toBeNull();
    const refused = (await existing.delete('c/1').catch((e: unknown) => e)) as CassetteError;
    expect(refused.code).toBe('PERMISSION_DENIED');
    expect(refused.message).toContain(path);
    await existing.close();
    const fresh = await openError({ path: join(tmp.dir, 'new.db'), create: true });
    expect(fresh.code).toBe('PERMISSION_DENIED');
    expect(fresh.message).toContain(join(tmp.dir, 'new.db'));
    chmodSync(tmp.dir, 0o755);
    expect(snapshot(path)).toEqual(before);
    expect(existsSync(join(tmp.dir, 'new.db'))).toBe(false);
  });

  it('a store opened read-only reads, refuses writes with PERMISSION_DENIED, and changes nothing', async () => {
    const path = join(tmp.dir, 'readonly.db');
    await makeDatabase(path);
    const before = snapshot(path);
    const store = await createSqliteStore({ path, readOnly: true });
    expect((await store.get('c/2'))?.cassette.data).toEqual(small(`body 2 `.repeat(202)).data);
    for (const attempt of [store.put('c/1', small('x')), store.delete('c/1')]) {
      const error = await attempt.catch((e: unknown) => e);
      expect(isCassetteError(error, 'PERMISSION_DENIED'), String(error)).toBe(true);
      expect((error as Error).message).toContain(path);
      expect((error as Error).message).toContain('c/1');
    }
    await store.close();
    expect(snapshot(path)).toEqual(before);
  });

  it('a path in a missing folder: nothing is created', async () => {
    const path = join(tmp.dir, 'no', 'such', 'folder', 'cassettes.db');
    const error = await openError({ path, create: true });
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain(path);
    expect(error.message).toContain('does not exist');
    expect(existsSync(join(tmp.dir, 'no'))).toBe(false);
  });

  it('a path in a missing folder without create: NOT_FOUND (the store does not exist), names both', async () => {
    const path = join(tmp.dir, 'no', 'such', 'folder', 'cassettes.db');
    for (const options of [{ path }, { path, readOnly: true }]) {
      const error = await openError(options);
      expect(error.code).toBe('NOT_FOUND');
      expect(error.message).toContain(`no cassette database at ${path}`);
      expect(error.message).toContain(`its folder ${join(tmp.dir, 'no', 'such', 'folder')} does not exist`);
    }
    expect(existsSync(join(tmp.dir, 'no'))).toBe(false);
  });

  it('a missing file without create: NOT_FOUND, says how to create it, creates nothing', async () => {
    const path = join(tmp.dir, 'missing.db');
    const error = await openError({ path });
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain(path);
    expect(error.message).toContain('create');
    expect(existsSync(path)).toBe(false);
  });

  it('a folder where the file should be', async () => {
    const error = await openError({ path: tmp.dir });
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain(tmp.dir);
  });
});

describe('sqlite store: the sqlite: URL', { timeout: 30_000 }, () => {
  it('opens sqlite:PATH relative to cwd, creates only when asked, declares its capabilities', async () => {
    const url = parseStoreUrl('sqlite:sub.db');
    const missing = await sqliteDriver.open(url, { cwd: tmp.dir }).catch((e: unknown) => e);
    expect(isCassetteError(missing, 'NOT_FOUND'), String(missing)).toBe(true);
    expect((missing as Error).message).toContain(join(tmp.dir, 'sub.db'));
    expect((missing as Error).message).toContain('[sqlite:sub.db]');
    const store = await sqliteDriver.open(url, { cwd: tmp.dir, create: true });
    expect(store.url).toBe('sqlite:sub.db');
    expect(store.capabilities).toEqual({
      crossProcessConditionalWrites: true,
      keepsFormat: true,
      persistent: true,
      selfCheck: true,
    });
    await store.put('x', small('x'));
    await store.close();
    const ro = await sqliteDriver.open(parseStoreUrl('sqlite:sub.db?mode=ro'), { cwd: tmp.dir });
    expect((await ro.get('x')) !== null).toBe(true);
    expect(await ro.put('y', small('y')).catch((e: unknown) => (e as CassetteError).code)).toBe(
      'PERMISSION_DENIED',
    );
    await ro.close();
  });

  it('refuses a URL without a path, with an unknown mode or an unknown option', async () => {
    for (const url of [
      'sqlite:',
      'sqlite:x.db?mode=wat',
      'sqlite:x.db?foo=1',
      'sqlite:x.db?mode=ro&Mode=rw',
    ]) {
      const error = await sqliteDriver.open(parseStoreUrl(url), { cwd: tmp.dir }).catch((e: unknown) => e);
      expect(isCassetteError(error, 'INVALID_URL'), String(error)).toBe(true);
    }
  });

  it('an empty file is an empty database: it becomes a cassette database', async () => {
    const path = join(tmp.dir, 'empty.db');
    writeFileSync(path, '');
    const store = await createSqliteStore({ path });
    await store.put('a', small('a'));
    expect((await store.get('a'))?.version).toMatch(/^r\d+$/);
    await store.close();
  });
});
