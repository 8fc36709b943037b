/** What went wrong, as a stable code scripts can test. */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_CASSETTE'
  | 'INVALID_NAME'
  | 'INVALID_URL'
  | 'UNAVAILABLE'
  | 'PERMISSION_DENIED'
  | 'UNSUPPORTED'
  | 'CLOSED'
  /** A write that does not read back as written (the CLI checks every write it makes). */
  | 'VERIFICATION_FAILED';

export interface CassetteErrorOptions {
  /** The store's URL, e.g. `yaml:./tests/cassettes`. */
  store?: string;
  /** The cassette name the operation was about. */
  cassette?: string;
  /** What the user can do about it, appended to the message. */
  hint?: string;
  cause?: unknown;
}

/**
 * The one error family of every store. The message names the store and the cassette, so that a line
 * in a CI log is enough to act on: `[cassette] [yaml:./c] agents/x: <what>. <hint>`.
 */
export class CassetteError extends Error {
  readonly code: ErrorCode;
  readonly store: string | undefined;
  readonly cassette: string | undefined;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: CassetteErrorOptions = {}) {
    super(
      formatMessage(message, options),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'CassetteError';
    this.code = code;
    this.store = options.store;
    this.cassette = options.cassette;
    this.hint = options.hint;
  }
}

/** A write whose `ifVersion` no longer matched: someone else wrote (or deleted) the cassette first. */
export class ConflictError extends CassetteError {
  constructor(message: string, options: CassetteErrorOptions = {}) {
    super('CONFLICT', message, options);
    this.name = 'ConflictError';
  }
}

/** Creates the error for a store: the one helper every backend uses (it keeps messages uniform). */
export function createError(
  code: ErrorCode,
  message: string,
  options: CassetteErrorOptions = {},
): CassetteError {
  return code === 'CONFLICT'
    ? new ConflictError(message, options)
    : new CassetteError(code, message, options);
}

export function isCassetteError(error: unknown, code?: ErrorCode): error is CassetteError {
  return error instanceof CassetteError && (code === undefined || error.code === code);
}

function formatMessage(message: string, options: CassetteErrorOptions): string {
  const where = options.store === undefined ? '[cassette]' : `[cassette] [${options.store}]`;
  const what = options.cassette === undefined ? message : `${options.cassette}: ${message}`;
  return options.hint === undefined ? `${where} ${what}` : `${where} ${what}. ${options.hint}`;
}
