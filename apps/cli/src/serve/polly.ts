import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Cassette, createError } from '@cassettekit/core';
import { codecFor, convertCassette, jsonCodec } from '@cassettekit/formats';
import { recordingId } from '@cassettekit/yaml';
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
  const id = decodeName(encodedId, store.url);
  switch (request.method) {
    case 'GET': {
      const name = await nameOfRecording(store, id);
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
      const recording = pollyRecording(body, store.url, id);
      // Named by its recording name, as the polly: store names it, when that name gives this id.
      const named = (recording.data.log as { _recordingName?: unknown } | undefined)?._recordingName;
      const name = typeof named === 'string' && recordingId(named) === id ? named : id;
      await store.put(name, recording);
      send(response, 201, '');
      return;
    }
    case 'DELETE':
      await store.delete(await nameOfRecording(store, id));
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
  if (!isHar(har)) {
    throw createError(
      'INVALID_CASSETTE',
      'a Polly recording is a HAR document: a JSON object whose "log" is an object with an "entries" list',
      {
        store,
        cassette: name,
        hint: 'POST the HAR document as @pollyjs/persister-rest sends it ({"log": {"entries": [...], ...}})',
      },
    );
  }
  return jsonCodec({ dialect: 'har' }).decode(`${JSON.stringify(har, null, 2)}\n`, { store, cassette: name });
}

/** The shape persister-rest posts and persister-fs writes: `{log: {entries: [...]}}`. */
function isHar(document: unknown): boolean {
  const log = isObject(document) ? document.log : undefined;
  return isObject(log) && Array.isArray(log.entries);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The cassette of a recording id: the one whose recording name hashes to it, else the id itself. */
async function nameOfRecording(store: RouteContext['store'], id: string): Promise<string> {
  for await (const entry of store.list()) if (recordingId(entry.name) === id) return entry.name;
  return id;
}
