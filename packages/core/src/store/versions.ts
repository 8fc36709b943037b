import { createError } from '../errors/errors.js';
import type { WriteOptions } from './contract.js';

/**
 * The `ifVersion` rule, shared by every store: `undefined` writes unconditionally, `null` only when
 * the cassette is absent, a token only when it is the current one. Throws `ConflictError`.
 */
export function checkVersion(
  current: string | null,
  options: WriteOptions,
  store: string,
  cassette: string,
): void {
  const expected = options.ifVersion;
  if (expected === undefined || expected === current) return;
  const message =
    expected === null
      ? 'it already exists (ifVersion: null asks for a new cassette)'
      : current === null
        ? `it no longer exists (expected version ${expected})`
        : `it was changed by someone else (expected version ${expected}, found ${current})`;
  throw createError('CONFLICT', message, { store, cassette, hint: 'Read it again and retry' });
}
