import { createError } from '@cassettekit/core';
import type Database from 'better-sqlite3';
import type { ReadOnlyReason } from './open.js';
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
  /** The write statements; PERMISSION_DENIED on a read-only store. */
  writer(cassette?: string): WriteStatements;
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
  /** Why writes are refused, when they are (the store was opened read-only, or the file cannot be written). */
  readonly readOnlyReason?: ReadOnlyReason;
}

export function createSession(db: Database.Database, options: SessionOptions): Session {
  const { url, path, retryForMs, readOnlyReason } = options;
  let closed = false;
  // Write statements cannot be prepared on a read-only connection.
  const writes = readOnlyReason === undefined ? writeStatements(db) : undefined;
  // Prepared once: a load of every cassette opens as many snapshots.
  const begin = db.prepare('BEGIN');
  const commit = db.prepare('COMMIT');

  const ensureOpen = (): void => {
    if (closed) throw createError('CLOSED', 'the store is closed', { store: url });
  };
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
    writer(cassette) {
      if (writes === undefined) {
        throw createError('PERMISSION_DENIED', readOnlyReason?.message ?? `${path} was opened read-only`, {
          store: url,
          ...(cassette === undefined ? {} : { cassette }),
          hint: readOnlyReason?.hint ?? 'Open it without mode=ro to write',
        });
      }
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
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
