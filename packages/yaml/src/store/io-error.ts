import { type CassetteError, createError, isCassetteError } from '@cassettekit/core';

/** A file system error as a store error naming the file, with what to do about it. */
export function ioError(
  error: unknown,
  store: string,
  cassette: string | undefined,
  path: string,
): CassetteError | Error {
  if (isCassetteError(error)) return error;
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    const code = error.code;
    if (code === 'EROFS') {
      return createError('PERMISSION_DENIED', `the file system holding ${path} is read-only (EROFS)`, {
        store,
        cassette,
        hint: 'Remount it writable, or write to another store; reading the cassettes still works',
        cause: error,
      });
    }
    if (code === 'EACCES' || code === 'EPERM') {
      return createError('PERMISSION_DENIED', `permission denied for ${path} (${code})`, {
        store,
        cassette,
        hint: 'Give this user access to the folder (e.g. chmod -R u+rwX), or choose another store',
        cause: error,
      });
    }
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      return createError('UNAVAILABLE', `no space left to write ${path} (${code})`, {
        store,
        cassette,
        hint: 'Free some disk space and run the command again; the cassette was left as it was (writes are atomic)',
        cause: error,
      });
    }
    return createError('UNAVAILABLE', `cannot access ${path} (${code})`, {
      store,
      cassette,
      hint: 'Check that the folder is there and reachable, then run the command again',
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}
