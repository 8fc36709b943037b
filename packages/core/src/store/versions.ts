import { type CassetteError, createError } from '../errors/errors.js';
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
  throw conflictError({ store, cassette, expected, found: current });
}

export interface ConflictDetails {
  readonly store: string;
  readonly cassette: string;
  /** The `ifVersion` the write asked for. */
  readonly expected: string | null;
  /** The version found, `null` when the cassette is gone; omitted when the backend only knows "not it". */
  readonly found?: string | null;
  /** Where, in the backend's terms (`s3://bucket/key`), when that helps. */
  readonly where?: string;
  readonly cause?: unknown;
}

/** The one `CONFLICT` error: a store whose backend detects conflicts itself (an S3 412) throws this. */
export function conflictError(details: ConflictDetails): CassetteError {
  const { expected, found, where } = details;
  const at = where === undefined ? '' : `${where}; `;
  const message =
    expected === null
      ? `it already exists (${at}ifVersion: null asks for a new cassette)`
      : found === null
        ? `it no longer exists (${at}expected version ${expected})`
        : `it was changed by someone else (${at}expected version ${expected}${found === undefined ? '' : `, found ${found}`})`;
  return createError('CONFLICT', message, {
    store: details.store,
    cassette: details.cassette,
    hint: 'Read it again and retry',
    ...(details.cause === undefined ? {} : { cause: details.cause }),
  });
}
