import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Cassette, createError } from '@cassettekit/core';
import { codecFor, convertCassette } from '@cassettekit/formats';
import { readBody } from './body.js';
import { decodeName, type RouteContext } from './cassettes.js';
import { HttpError } from './errors.js';
import { send } from './respond.js';

/**
 * Polly's REST persister protocol (`@pollyjs/persister-rest`, as `@pollyjs/node-server` answers it):
 * `GET /polly/<recordingId>` 200 with the HAR or 204 when there is none, `POST` saves, `DELETE` removes.
 * A recording is the cassette named by its recording id.
 */
export async function handlePolly(
  context: RouteContext,
  request: IncomingMessage,
  response: ServerResponse,
  encodedId: string,
): Promise<void> {
  const { store } = context;
  const name = decodeName(encodedId, store.url);
  switch (request.method) {
    case 'GET': {
      const got = await store.get(name);
      if (got === null) {
        response.writeHead(204);
        response.end();
        return;
      }
      // A cassette of another tool is served as the HAR it converts to.
      const har = convertCassette(got.cassette, 'har', name).cassette;
      send(response, 200, codecFor('json').encode(har), {
        'content-type': 'application/json; charset=utf-8',
      });
      return;
    }
    case 'POST': {
      const body = await readBody(request, context.maxBody);
      await store.put(name, pollyRecording(body, store.url, name));
      send(response, 201, '');
      return;
    }
    case 'DELETE':
      await store.delete(name);
      send(response, 200, '');
      return;
    default:
      throw new HttpError(
        405,
        'UNSUPPORTED',
        `[cassette] ${request.method} is not supported here; use GET, POST, DELETE`,
      );
  }
}

/**
 * The recording persister-rest posts (Polly's stable-stringified HAR) as the text persister-fs would
 * write for it: `JSON.stringify(har, null, 2)` and a newline, so a polly: store holds the same bytes.
 */
export function pollyRecording(body: Buffer, store: string, name: string): Cassette {
  let har: unknown;
  try {
    har = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw createError('INVALID_CASSETTE', `the recording is not JSON: ${(error as Error).message}`, {
      store,
      cassette: name,
      hint: 'POST the HAR document as @pollyjs/persister-rest sends it',
      cause: error,
    });
  }
  return codecFor('json').decode(`${JSON.stringify(har, null, 2)}\n`, { store, cassette: name });
}
