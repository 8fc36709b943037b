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
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      return createError('PERMISSION_DENIED', `cannot write ${path} (${code})`, {
        store,
        cassette,
        hint: 'Check the permissions of the folder, or choose another store',
        cause: error,
      });
    }
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      return createError('UNAVAILABLE', `no space left to write ${path}`, {
        store,
        cassette,
        hint: 'Free some disk space',
        cause: error,
      });
    }
    return createError('UNAVAILABLE', `cannot access ${path} (${code})`, { store, cassette, cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}
