import { type CassetteError, type ErrorCode, isCassetteError } from '@cassettekit/core';
import { describeError } from '../util/exit.js';

/** Codes the server adds to the store's for what only HTTP has: a missing token, an oversized body. */
export type ServeErrorCode = ErrorCode | 'UNAUTHORIZED' | 'TOO_LARGE';

/** An error answered with a status: `{"code", "message"}` as the body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ServeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const STATUS: Readonly<Record<ErrorCode, number>> = {
  NOT_FOUND: 404,
  CONFLICT: 412,
  INVALID_CASSETTE: 422,
  INVALID_NAME: 400,
  INVALID_URL: 400,
  UNAVAILABLE: 503,
  PERMISSION_DENIED: 403,
  UNSUPPORTED: 501,
  CLOSED: 503,
  VERIFICATION_FAILED: 500,
};

/** The status and body for any error: store errors keep the CLI's code and message. */
export function errorResponse(error: unknown): { status: number; body: { code: string; message: string } } {
  if (error instanceof HttpError)
    return { status: error.status, body: { code: error.code, message: error.message } };
  if (isCassetteError(error)) {
    const { code } = error as CassetteError;
    return { status: STATUS[code] ?? 500, body: { code, message: describeError(error) } };
  }
  return { status: 500, body: { code: 'ERROR', message: describeError(error) } };
}
