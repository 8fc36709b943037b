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
 * Library wording in store messages, and what a person at the command line reads instead. The
 * stores speak to programs ("open with create: true", "ifVersion"); the command speaks of commands.
 */
const LIBRARY_WORDING: readonly [RegExp, string][] = [
  [
    /\(open with create: true, e\.g\. as the destination of `cassette migrate`\)/g,
    '(as the destination of a command that writes, like the <to> of "cassette migrate")',
  ],
  [
    /,? or open the store with create: true/g,
    ', or name it as the destination of "cassette migrate", which creates it',
  ],
  [/open (it )?with create: true/g, 'name it as the destination of "cassette migrate"'],
  [/ifVersion: null asks for a new cassette/g, 'someone else wrote it meanwhile'],
];

/** One line for the terminal: the store error's message already names store, cassette and what to do. */
export function describeError(error: unknown): string {
  if (isCassetteError(error)) return inCliTerms((error as CassetteError).message);
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * The line for a cassette that could not be handled: a store error's message names store and
 * cassette already (printed once); any other error gets them put before it.
 */
export function failureLine(store: string, name: string, error: unknown): string {
  return isCassetteError(error) && (error as CassetteError).cassette !== undefined
    ? describeError(error)
    : `[cassette] [${store}] ${name}: ${describeError(error)}`;
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

/** A store's message with its library wording put in the command's terms. */
export function inCliTerms(message: string): string {
  return LIBRARY_WORDING.reduce((text, [pattern, words]) => text.replace(pattern, words), message);
}
