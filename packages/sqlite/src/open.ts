import { accessSync, closeSync, constants as fsConstants, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CassetteError, createError, type ErrorCode } from '@cassettekit/core';
import Database from 'better-sqlite3';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './schema.js';

type Db = Database.Database;

export interface OpenDatabaseOptions {
  readonly path: string;
  readonly url: string;
  readonly create: boolean;
  readonly readOnly: boolean;
  readonly busyTimeoutMs: number;
  readonly retryForMs: number;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Opens (and, when asked, creates) a cassette database. Everything that could refuse the file is
 * checked before anything is written to it: the header, a read-only look at the schema, then the
 * read-write connection, which only writes to a file that is empty or already ours.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Db> {
  const { path, url } = options;
  const fail = (code: ErrorCode, message: string, hint: string, cause?: unknown): CassetteError =>
    createError(code, message, { store: url, hint, cause });

  let exists = true;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      throw fail(
        'UNAVAILABLE',
        `${path} is a folder, not a database file`,
        'Name a file, e.g. sqlite:./cassettes.db',
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      if ((error as CassetteError).name === 'CassetteError') throw error;
      throw fail('UNAVAILABLE', `cannot access ${path}`, 'Check the path and its permissions', error);
    }
    exists = false;
  }

  if (!exists) {
    const folder = dirname(path);
    let folderExists = true;
    try {
      folderExists = statSync(folder).isDirectory();
    } catch {
      folderExists = false;
    }
    if (!folderExists) {
      throw fail(
        'UNAVAILABLE',
        `cannot open ${path}: its folder ${folder} does not exist`,
        'Create the folder first, or check the path',
      );
    }
    if (!options.create || options.readOnly) {
      throw fail(
        'NOT_FOUND',
        `no cassette database at ${path}`,
        'Check the path, or create it (open with create: true, e.g. as the destination of `cassette migrate`)',
      );
    }
    if (!writable(folder)) {
      throw fail(
        'PERMISSION_DENIED',
        `cannot create ${path}: its folder ${folder} is read-only`,
        'Make the folder writable or choose another path',
      );
    }
  } else {
    inspectFile(path, fail);
    inspectReadOnly(path, url, fail);
    if (!options.readOnly) {
      if (!writable(path)) {
        throw fail(
          'PERMISSION_DENIED',
          `cannot write ${path}: the file is read-only`,
          'Make it writable, or open it read-only (sqlite:PATH?mode=ro)',
        );
      }
      if (!writable(dirname(path))) {
        throw fail(
          'PERMISSION_DENIED',
          `cannot write ${path}: its folder ${dirname(path)} is read-only (SQLite keeps its -wal and -shm files there)`,
          'Make the folder writable, or open it read-only (sqlite:PATH?mode=ro)',
        );
      }
    }
  }

  let db: Db;
  try {
    db = new Database(path, {
      readonly: options.readOnly,
      fileMustExist: exists,
      timeout: options.busyTimeoutMs,
    });
  } catch (error) {
    throw translate(error, url, path, 'open');
  }
  try {
    await withRetry(() => prepare(db, options, fail), options.retryForMs, url, path, 'open');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The header of an existing file: SQLite's magic, and no shorter than the size it declares. */
function inspectFile(path: string, fail: Fail): void {
  const header = Buffer.alloc(100);
  let read = 0;
  let size = 0;
  try {
    const fd = openSync(path, 'r');
    try {
      read = readSync(fd, header, 0, 100, 0);
      size = statSync(path).size;
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EACCES') {
      throw fail('PERMISSION_DENIED', `cannot read ${path}`, 'Check the file permissions');
    }
    throw fail('UNAVAILABLE', `cannot read ${path}: ${(error as Error).message}`, 'Check the path');
  }
  if (size === 0) return; // an empty file is an empty database
  if (read < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    throw fail(
      'UNAVAILABLE',
      `${path} is not a SQLite database`,
      'Check the path: a sqlite: store needs a database file written by @cassettekit/sqlite (or a new path)',
    );
  }
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  const pages = header.readUInt32BE(28);
  const pagesValid = pages > 0 && header.readUInt32BE(24) === header.readUInt32BE(92);
  if (pagesValid && pageSize * pages > size) {
    throw fail(
      'UNAVAILABLE',
      `${path} is truncated: it declares ${pageSize * pages} bytes and holds ${size}`,
      'Restore it from a backup or from version control; the file was left as it is',
    );
  }
}

interface DbState {
  readonly version: number;
  readonly appId: number;
  readonly tables: readonly string[];
}

type Fail = (code: ErrorCode, message: string, hint: string) => CassetteError;

function look(db: Db): DbState {
  return {
    version: Number(db.pragma('user_version', { simple: true })),
    appId: Number(db.pragma('application_id', { simple: true })),
    tables: (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((t) => t.name),
  };
}

/** Refuses another application's database and a newer schema; says whether the database is empty. */
function judge(state: DbState, path: string, fail: Fail): 'ours' | 'empty' {
  if (state.appId !== APPLICATION_ID) {
    if (state.appId === 0 && state.tables.length === 0 && state.version === 0) return 'empty';
    throw fail(
      'UNSUPPORTED',
      `${path} is a SQLite database of another application (${
        state.tables.length === 0 ? 'no tables' : `tables: ${state.tables.slice(0, 5).join(', ')}`
      }), not a cassette database`,
      'Choose another path; the file was left as it is',
    );
  }
  if (state.version > SCHEMA_VERSION) {
    throw fail(
      'UNSUPPORTED',
      `${path} was written by a newer @cassettekit/sqlite (schema version ${state.version}; this one reads up to ${SCHEMA_VERSION})`,
      'Upgrade @cassettekit/sqlite (and the cassette CLI); the file was left as it is',
    );
  }
  return 'ours';
}

/** A read-only look at an existing file before any read-write connection touches it. */
function inspectReadOnly(path: string, url: string, fail: Fail): void {
  let db: Db;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch {
    return; // e.g. a WAL database whose -shm cannot be created read-only: the read-write open checks again
  }
  try {
    judge(look(db), path, fail);
  } catch (error) {
    if (isBusy(error)) return;
    throw translate(error, url, path, 'open');
  } finally {
    db.close();
  }
}

/** Checks the schema and brings the database to the current version; runs inside the retry loop. */
function prepare(db: Db, options: OpenDatabaseOptions, fail: Fail): void {
  const { path } = options;
  let state = look(db);
  judge(state, path, fail);
  if (options.readOnly) {
    if (state.version < SCHEMA_VERSION) {
      throw fail(
        'UNSUPPORTED',
        `${path} ${state.version === 0 ? 'holds no cassette tables yet' : `has the older schema version ${state.version}`}, and a read-only store cannot upgrade it`,
        'Open it once without mode=ro to upgrade it',
      );
    }
    return;
  }
  if (state.version < SCHEMA_VERSION) {
    // Blocks are rewritten by merges: incremental vacuum gives their pages back to the file system.
    // It can only be chosen while the file has no tables yet (or by a VACUUM, below).
    if (state.tables.length === 0) db.pragma('auto_vacuum = INCREMENTAL');
    let migrated = false;
    db.exec('BEGIN IMMEDIATE');
    try {
      state = look(db); // another process may have created or migrated it meanwhile
      judge(state, path, fail);
      migrated = state.version > 0;
      for (let v = state.version; v < SCHEMA_VERSION; v += 1) MIGRATIONS[v]!(db);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
    if (migrated) compactAfterMigration(db);
  }
  if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal')
    db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
}

/**
 * A migration rewrites every row: the old ones leave free pages as large as the data. One VACUUM
 * gives them back and turns on incremental vacuum. Only space is at stake: when another connection
 * keeps it from running (busy), the file stays as it is and its free pages are reused by writes.
 */
function compactAfterMigration(db: Db): void {
  try {
    db.pragma('auto_vacuum = INCREMENTAL');
    db.exec('VACUUM');
  } catch (error) {
    if (!isBusy(error)) throw error;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, fsConstants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** SQLITE_BUSY and SQLITE_LOCKED: another connection holds the lock longer than busy_timeout. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * Runs `fn`, again after a growing pause while the database is locked by another process (beyond
 * busy_timeout, which already waits inside SQLite). No SQLITE_BUSY reaches the caller: after
 * `retryForMs` it becomes an UNAVAILABLE error that says who holds the lock.
 */
export async function withRetry<T>(
  fn: () => T,
  retryForMs: number,
  url: string,
  path: string,
  op: string,
  cassette?: string,
): Promise<T> {
  const started = Date.now();
  let pause = 5;
  for (;;) {
    try {
      return fn();
    } catch (error) {
      if (!isBusy(error)) throw translate(error, url, path, op, cassette);
      if (Date.now() - started > retryForMs) {
        throw createError(
          'UNAVAILABLE',
          `${path} stayed locked by another connection for ${retryForMs} ms (${op})`,
          {
            store: url,
            ...(cassette === undefined ? {} : { cassette }),
            hint: 'Another process holds a long write transaction; retry when it has finished',
            cause: error,
          },
        );
      }
      await sleep(pause * (0.5 + Math.random()));
      pause = Math.min(pause * 2, 250);
    }
  }
}

/** Turns a SQLite error into the cassette error family, naming the file. Cassette errors pass through. */
export function translate(error: unknown, url: string, path: string, op: string, cassette?: string): unknown {
  if ((error as Error)?.name === 'CassetteError' || (error as Error)?.name === 'ConflictError') return error;
  const code = String((error as { code?: unknown })?.code ?? '');
  const options = { store: url, cause: error, ...(cassette === undefined ? {} : { cassette }) };
  const message = (error as Error)?.message ?? String(error);
  if (code.startsWith('SQLITE_READONLY')) {
    return createError('PERMISSION_DENIED', `cannot write ${path} (${op}): ${message}`, {
      ...options,
      hint: 'Make the file and its folder writable',
    });
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return createError('UNAVAILABLE', `${path} is damaged (${op}): ${message}`, {
      ...options,
      hint: 'Restore it from a backup or from version control',
    });
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL') {
    return createError('UNAVAILABLE', `cannot use ${path} (${op}): ${message}`, {
      ...options,
      hint: 'Check the path, its permissions and the free disk space',
    });
  }
  if (code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) {
    return createError('PERMISSION_DENIED', `cannot use ${path} (${op}): ${message}`, {
      ...options,
      hint: 'Check the permissions',
    });
  }
  if (code.startsWith('SQLITE_')) {
    return createError('UNAVAILABLE', `${path}: ${message} (${op})`, {
      ...options,
      hint: 'Retry; report it if it persists',
    });
  }
  return error;
}
