import { setTimeout as sleep } from 'node:timers/promises';
import { createError } from '@cassettekit/core';

/** SQLite's errors in the cassette error family, and waiting out another connection's lock. */

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
      hint: 'The file was left as it is: run `cassette check` on it to see which cassettes are damaged, and keep a copy before any repair',
    });
  }
  if (code === 'SQLITE_FULL') {
    return createError('UNAVAILABLE', `cannot write ${path} (${op}): the disk is full`, {
      ...options,
      hint: 'Free some disk space and run it again: the database is intact, the failed write was rolled back',
    });
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR')) {
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
