import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.js';

/** 64 MiB: a large recorded cassette fits, a runaway upload does not. */
export const DEFAULT_MAX_BODY = 64 * 1024 * 1024;

/** The whole request body, refused with 413 as soon as it is known to be over `max` bytes. */
export async function readBody(request: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (declared > max) throw tooLarge(max);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw tooLarge(max);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(max: number): HttpError {
  return new HttpError(
    413,
    'TOO_LARGE',
    `[cassette] the request body is over ${max} bytes. Start "cassette serve" with a larger --max-body`,
  );
}
