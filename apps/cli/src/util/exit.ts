import { type CassetteError, isCassetteError } from '@cassettekit/core';

/** Exit codes, as scripts rely on them: 0 ok, 1 differences or failures, 2 usage errors. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** An error in how the command was called: exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Errors that mean "the command was called wrong" (exit 2) rather than "the work failed" (exit 1). */
export function isUsageError(error: unknown): boolean {
  return (
    error instanceof UsageError ||
    isCassetteError(error, 'INVALID_URL') ||
    isCassetteError(error, 'INVALID_NAME')
  );
}

/** One line for the terminal: the store error's message already names store, cassette and what to do. */
export function describeError(error: unknown): string {
  if (isCassetteError(error)) return (error as CassetteError).message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** A cassette that could not be handled, as commands report it (`--json` and the summary lines). */
export interface Failure {
  readonly name: string;
  readonly code: string;
  readonly message: string;
}

export function failureOf(name: string, error: unknown): Failure {
  return {
    name,
    code: errorCode(error),
    message: describeError(error),
  };
}

/**
 * The code a script sees for an error: a store error's own code, `USAGE` for how the command was
 * called, a system error's code (`EACCES`, `ENOSPC`), else `INTERNAL` (a bug: please report it).
 */
export function errorCode(error: unknown): string {
  if (isCassetteError(error)) return (error as CassetteError).code;
  if (error instanceof UsageError) return 'USAGE';
  const system = (error as { code?: unknown } | null)?.code;
  if (typeof system === 'string' && /^E[A-Z0-9]+$/.test(system)) return system;
  return 'INTERNAL';
}
