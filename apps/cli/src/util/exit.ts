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

/**
 * Library advice in a store's hint, and what a person at the command line does instead. The stores
 * speak to programs ("open with create: true"); the command speaks of commands and flags.
 */
const LIBRARY_HINTS: readonly [RegExp, string][] = [
  [
    /create: true/,
    'Check the URL: a store that is read must already exist (only a destination, like the <to> of "cassette migrate", is created)',
  ],
];

/** One line for the terminal: the store error's message already names store, cassette and what to do. */
export function describeError(error: unknown): string {
  if (isCassetteError(error)) return inCliTerms(error as CassetteError);
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
    code: isCassetteError(error) ? (error as CassetteError).code : 'ERROR',
    message: describeError(error),
  };
}

/** The error's message with any library advice in its hint replaced by the command's. */
export function inCliTerms(error: CassetteError): string {
  const hint = error.hint;
  if (hint === undefined) return error.message;
  const rule = LIBRARY_HINTS.find(([pattern]) => pattern.test(hint));
  if (rule === undefined || !error.message.endsWith(`. ${hint}`)) return error.message;
  return `${error.message.slice(0, -hint.length)}${rule[1]}`;
}
