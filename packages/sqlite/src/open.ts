import { accessSync, closeSync, constants as fsConstants, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CassetteError, createError, type ErrorCode } from '@cassettekit/core';
import Database from 'better-sqlite3';
import { createWhole, removeDeadBuilds } from './create.js';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './schema.js';
import { isBusy, translate, withRetry } from './sqlite-errors.js';

type Db = Database.Database;

export interface OpenDatabaseOptions {
  readonly path: string;
  readonly url: string;
  readonly create: boolean;
  readonly readOnly: boolean;
  readonly busyTimeoutMs: number;
  readonly retryForMs: number;
}

/** Why writes are refused, when they are. */
export interface ReadOnlyReason {
  readonly message: string;
  readonly hint: string;
}

export interface OpenedDatabase {
  readonly db: Db;
  /** Set when the store must refuse writes: opened read-only, or the file or its folder cannot be written. */
  readonly readOnlyReason?: ReadOnlyReason;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

// URI file names ("file:...?immutable=1") let a read-only file be read without creating -wal/-shm
// beside it. better-sqlite3 reads this once, when its first connection opens; our own paths are
// absolute, so no plain path of ours is taken for a URI.
process.env.SQLITE_USE_URI ??= '1';

/**
 * Opens (and, when asked, creates) a cassette database. Everything that could refuse the file is
 * checked before anything is written to it: the header, a read-only look at the schema, then the
 * connection, which only writes to a file that is empty or already ours. A new database is built
 * under a temporary name and linked into place whole, so a kill never leaves half a database.
 * A file that cannot be written (read-only file, folder or file system) is opened for reading.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const { path, url } = options;
  const folder = dirname(path);
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
    let folderExists = true;
    try {
      folderExists = statSync(folder).isDirectory();
    } catch {
      folderExists = false;
    }
    // Not asked to create it: the database is missing (NOT_FOUND), whether or not its folder is.
    if (!options.create || options.readOnly) {
      throw fail(
        'NOT_FOUND',
        `no cassette database at ${path}${folderExists ? '' : ` (its folder ${folder} does not exist either)`}`,
        `Check the path, or ${folderExists ? '' : `create the folder, then `}create it (open with create: true, e.g. as the destination of \`cassette migrate\`)`,
      );
    }
    if (!folderExists) {
      throw fail(
        'UNAVAILABLE',
        `cannot open ${path}: its folder ${folder} does not exist`,
        'Create the folder first, or check the path',
      );
    }
    if (!writable(folder)) {
      throw fail(
        'PERMISSION_DENIED',
        `cannot create ${path}: its folder ${folder} is read-only`,
        'Make the folder writable or choose another path',
      );
    }
    removeDeadBuilds(path);
    await withRetry(
      () =>
        createWhole(path, options.busyTimeoutMs, (db) => {
          // Before anything reads the new file: later the page size is fixed.
          db.pragma(`page_size = ${PAGE_SIZE}`);
          prepare(db, true, path, fail);
        }),
      options.retryForMs,
      url,
      path,
      'create',
    );
  } else if (writable(folder)) {
    removeDeadBuilds(path);
  }

  inspectFile(path, fail);
  inspectReadOnly(path, url, fail);
  const fileWritable = writable(path);
  const folderWritable = writable(folder);
  let readOnlyReason: ReadOnlyReason | undefined;
  if (!fileWritable || !folderWritable) {
    readOnlyReason = {
      message: `cannot write ${path}: ${
        fileWritable
          ? `its folder ${folder} is read-only (SQLite keeps its -wal and -shm files there)`
          : 'the file is read-only'
      }`,
      hint: 'Make the file and its folder writable to write; reading works as it is',
    };
  } else if (options.readOnly) {
    readOnlyReason = { message: `${path} was opened read-only`, hint: 'Open it without mode=ro to write' };
  }

  let db: Db;
  try {
    db =
      fileWritable && folderWritable
        ? new Database(path, { fileMustExist: true, timeout: options.busyTimeoutMs })
        : readOnlyConnection(path, options.busyTimeoutMs);
  } catch (error) {
    throw translate(error, url, path, 'open');
  }
  try {
    // A read-write connection for a read-only store: it keeps no -wal/-shm behind when it closes.
    if (readOnlyReason !== undefined && fileWritable && folderWritable) db.pragma('query_only = ON');
    const upgrade = readOnlyReason === undefined;
    await withRetry(() => prepare(db, upgrade, path, fail), options.retryForMs, url, path, 'open');
    return readOnlyReason === undefined ? { db } : { db, readOnlyReason };
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A connection to a file this process cannot write. Without a WAL to read, SQLite is told the file
 * is immutable: it then needs no -shm (which a read-only folder could not hold) and leaves nothing
 * behind. With one, a plain read-only connection reads it (SQLite needs its -shm then).
 */
function readOnlyConnection(path: string, timeout: number): Db {
  if (!walHasFrames(path)) {
    try {
      return new Database(`${pathToFileURL(path).href}?immutable=1`, { readonly: true, fileMustExist: true });
    } catch {
      // URI names are off in this process (another module opened SQLite first with SQLITE_USE_URI=0)
    }
  }
  return new Database(path, { readonly: true, fileMustExist: true, timeout });
}

function walHasFrames(path: string): boolean {
  try {
    return statSync(`${path}-wal`).size > 32; // the WAL header alone holds no page
  } catch {
    return false;
  }
}

/**
 * The header of an existing file: SQLite's magic, and no shorter than the size it declares. A WAL
 * with pages in it is part of the database (after a full disk, a checkpoint may have grown the
 * header's page count and not yet the file): then SQLite itself reads and checks it.
 */
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
  if (pagesValid && pageSize * pages > size && !walHasFrames(path)) {
    throw fail(
      'UNAVAILABLE',
      `${path} is truncated: it declares ${pageSize * pages} bytes and holds ${size}`,
      'The file was left as it is: keep it, and check that it was copied whole (a copy stopped halfway, a file system that lost its end)',
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
    db = readOnlyConnection(path, 0);
  } catch {
    return; // e.g. a WAL database whose -shm cannot be created read-only: the read-write open checks again
  }
  try {
    judge(look(db), path, fail);
  } catch (error) {
    // Busy, or a hot journal or WAL a read-only connection cannot recover: the next connection does.
    const code = String((error as { code?: unknown })?.code ?? '');
    if (isBusy(error) || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) return;
    throw translate(error, url, path, 'open');
  } finally {
    db.close();
  }
}

/**
 * The page size of new databases (existing ones keep theirs). Small pages: values sit in a few large
 * blocks, and each of the dozen small tables and indexes would otherwise hold part-empty 4 KB pages
 * (7 % of the file on the crewAI corpus).
 */
const PAGE_SIZE = 1024;

/** Checks the schema and brings the database to the current version; runs inside the retry loop. */
function prepare(db: Db, upgrade: boolean, path: string, fail: Fail): void {
  // Damaged pages are found when read, not followed.
  db.pragma('cell_size_check = ON');
  let state = look(db);
  judge(state, path, fail);
  if (!upgrade) {
    if (state.version < SCHEMA_VERSION) {
      throw fail(
        'UNSUPPORTED',
        `${path} ${state.version === 0 ? 'holds no cassette tables yet' : `has the older schema version ${state.version}`}, and a read-only store cannot upgrade it`,
        'Open it once writable (without mode=ro) to upgrade it',
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
  // What a full disk (or a kill) left in the WAL goes back into the database file now that it can.
  if (walHasFrames(path)) {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // still no space, or busy: the WAL stays valid and is read as part of the database
    }
  }
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
