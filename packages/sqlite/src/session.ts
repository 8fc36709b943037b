import type Database from 'better-sqlite3';
import { withRetry } from './sqlite-errors.js';
import { type WriteStatements, writeStatements } from './statements.js';

/**
 * One open connection and how work runs on it: the closed-store guard, retries while another process
 * holds the lock, write transactions (BEGIN IMMEDIATE) and consistent reads (a snapshot).
 */
export interface Session {
  readonly db: Database.Database;
  readonly url: string;
  readonly path: string;
  /** Throws CLOSED once the store is closed. */
  ensureOpen(): void;
  /** The write statements, prepared on first use (defineStore refuses writes to a read-only store first). */
  writer(): WriteStatements;
  /** Runs `fn` with retries while locked; errors name the file and, when given, the cassette. */
  run<T>(op: string, fn: () => T, cassette?: string): Promise<T>;
  /** A write: one BEGIN IMMEDIATE transaction, rolled back on any error. */
  transaction<T>(op: string, fn: () => T, cassette?: string): Promise<T>;
  /** A consistent read of several statements. */
  snapshot<T>(op: string, fn: () => T, cassette?: string): Promise<T>;
  close(): void;
}

export interface SessionOptions {
  readonly url: string;
  readonly path: string;
  readonly retryForMs: number;
  /** The store's closed guard (defineStore's): checked again after every wait for the lock. */
  readonly ensureOpen: () => void;
}

export function createSession(db: Database.Database, options: SessionOptions): Session {
  const { url, path, retryForMs, ensureOpen } = options;
  // Write statements cannot be prepared on a read-only connection (a read-only store never asks for them).
  let writes: WriteStatements | undefined;
  // Prepared once: a load of every cassette opens as many snapshots.
  const begin = db.prepare('BEGIN');
  const commit = db.prepare('COMMIT');

  const run = <T>(op: string, fn: () => T, cassette?: string): Promise<T> =>
    withRetry(
      () => {
        ensureOpen(); // closed while this call waited for its turn
        return fn();
      },
      retryForMs,
      url,
      path,
      op,
      cassette,
    );
  const within = <T>(start: () => void, end: () => void, fn: () => T): T => {
    start();
    try {
      const result = fn();
      end();
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  };

  return {
    db,
    url,
    path,
    ensureOpen,
    writer() {
      writes ??= writeStatements(db);
      return writes;
    },
    run,
    transaction: (op, fn, cassette) =>
      run(
        op,
        () =>
          within(
            () => db.exec('BEGIN IMMEDIATE'),
            () => db.exec('COMMIT'),
            fn,
          ),
        cassette,
      ),
    snapshot: (op, fn, cassette) =>
      run(
        op,
        () =>
          within(
            () => begin.run(),
            () => commit.run(),
            fn,
          ),
        cassette,
      ),
    close() {
      db.close();
    },
  };
}
