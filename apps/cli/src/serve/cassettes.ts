import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  assertValidName,
  type Cassette,
  type CassetteStore,
  createError,
  isCassetteError,
  type WriteOptions,
} from '@cassettekit/core';
import { readBody } from './body.js';
import { decodeJson, decodeText, encodeJson, encodeText, jsonFormIsLossy } from './cassette-text.js';
import { etagOf, etagValue, type Precondition, preconditionOf } from './conditions.js';
import { HttpError } from './errors.js';
import { send, sendJson } from './respond.js';

/**
 * On a `?format=json` answer: the cassette's own text has Python tags (`!!python/tuple`, ...) whose
 * objects the json form holds as plain data, so a client that must read exactly what vcrpy reads from
 * the text (the vcrpy persister) asks for `?format=text` instead.
 */
export const LOSSY_HEADER = 'x-cassette-json-lossy';

/** A request about one cassette. */
type NamedHandler = (
  context: RouteContext,
  request: IncomingMessage,
  response: ServerResponse,
  name: string,
) => Promise<void>;

export interface RouteContext {
  readonly store: CassetteStore;
  readonly maxBody: number;
}

/** `/v1/cassettes` and `/v1/cassettes/<name>`: the store's contract over HTTP. */
export async function handleCassettes(
  context: RouteContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  encodedName: string | null,
): Promise<void> {
  const method = request.method ?? 'GET';
  if (encodedName === null) {
    if (method !== 'GET' && method !== 'HEAD') throw notAllowed(method, 'GET');
    return list(context, response, url);
  }
  const name = decodeName(encodedName, context.store.url);
  switch (method) {
    case 'GET':
    case 'HEAD':
      return get(context, request, response, url, name);
    case 'PUT':
      return put(context, request, response, name);
    case 'DELETE':
      return remove(context, request, response, name);
    default:
      throw notAllowed(method, 'GET, PUT, DELETE');
  }
}

/** A name is the rest of the path, its segments URL-encoded (`a%2Fb` and `a/b` are the same name). */
export function decodeName(encoded: string, store: string): string {
  let name: string;
  try {
    name = decodeURIComponent(encoded);
  } catch {
    throw createError('INVALID_NAME', `invalid cassette name ${JSON.stringify(encoded)}: bad URL encoding`, {
      store,
      hint: 'Encode each path segment with encodeURIComponent',
    });
  }
  assertValidName(name, store);
  return name;
}

async function list(context: RouteContext, response: ServerResponse, url: URL): Promise<void> {
  const prefix = url.searchParams.get('prefix');
  const cassettes: { name: string; version: string; size?: number }[] = [];
  for await (const entry of context.store.list(prefix === null ? {} : { prefix })) {
    cassettes.push(
      entry.size === undefined
        ? { name: entry.name, version: entry.version }
        : { name: entry.name, version: entry.version, size: entry.size },
    );
  }
  sendJson(response, 200, { cassettes });
}

async function get(
  context: RouteContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  name: string,
): Promise<void> {
  const format = url.searchParams.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new HttpError(
      400,
      'UNSUPPORTED',
      `[cassette] unknown format ${JSON.stringify(format)}: use text or json`,
    );
  }
  const got = await context.store.get(name);
  if (got === null) throw notFound(context.store.url, name);
  const etag = etagOf(got.version);
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch?.split(',').some((tag) => etagValue(tag) === got.version) === true) {
    response.writeHead(304, { etag });
    response.end();
    return;
  }
  if (format === 'json') {
    send(response, 200, encodeJson(got.cassette), {
      etag,
      'content-type': 'application/json; charset=utf-8',
      ...(jsonFormIsLossy(got.cassette) ? { [LOSSY_HEADER]: 'python-tags' } : {}),
    });
    return;
  }
  const { text, contentType } = encodeText(got.cassette);
  send(response, 200, text, { etag, 'content-type': contentType });
}

const put: NamedHandler = async (context, request, response, name) => {
  const { store } = context;
  const precondition = preconditionOf(request.headers);
  const body = await readBody(request, context.maxBody);
  const source = { store: store.url, cassette: name };
  const cassette: Cassette = isJson(request.headers['content-type'])
    ? decodeJson(body, source)
    : decodeText(body, source);
  const { version, created } = await write(store, name, cassette, precondition);
  sendJson(response, created ? 201 : 200, { version }, { etag: etagOf(version) });
};

/** Writes and says whether the cassette is new (201) or replaced one (200). */
async function write(
  store: CassetteStore,
  name: string,
  cassette: Cassette,
  precondition: Precondition,
): Promise<{ version: string; created: boolean }> {
  if (precondition.kind === 'none') {
    // Create first: a conflict means there was one, which is then replaced.
    try {
      return { ...(await store.put(name, cassette, { ifVersion: null })), created: true };
    } catch (error) {
      if (!isCassetteError(error, 'CONFLICT')) throw error;
      return { ...(await store.put(name, cassette)), created: false };
    }
  }
  const options = await writeOptions(store, name, precondition);
  return { ...(await store.put(name, cassette, options)), created: options.ifVersion === null };
}

/** The store's `ifVersion` for a precondition; `If-Match: *` pins the version that exists now. */
async function writeOptions(
  store: CassetteStore,
  name: string,
  precondition: Precondition,
): Promise<WriteOptions> {
  switch (precondition.kind) {
    case 'none':
      return {};
    case 'absent':
      return { ifVersion: null };
    case 'version':
      return { ifVersion: precondition.version };
    case 'exists': {
      const current = await store.get(name);
      if (current === null) throw preconditionFailed(store.url, name);
      return { ifVersion: current.version };
    }
  }
}

const remove: NamedHandler = async (context, request, response, name) => {
  const { store } = context;
  const precondition = preconditionOf(request.headers);
  if (precondition.kind === 'absent') {
    throw new HttpError(400, 'UNSUPPORTED', '[cassette] DELETE takes If-Match, not If-None-Match');
  }
  const options = await writeOptions(store, name, precondition);
  const deleted = await store.delete(name, options);
  if (!deleted) throw notFound(store.url, name);
  response.writeHead(204);
  response.end();
};

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType.trim());
}

function notFound(store: string, name: string): Error {
  return createError('NOT_FOUND', 'no such cassette', {
    store,
    cassette: name,
    hint: `Run "cassette ls ${store}" to see the names`,
  });
}

function preconditionFailed(store: string, name: string): Error {
  return createError('CONFLICT', 'it does not exist (If-Match: * asks for an existing cassette)', {
    store,
    cassette: name,
    hint: 'Read it again and retry',
  });
}

function notAllowed(method: string, allowed: string): HttpError {
  return new HttpError(405, 'UNSUPPORTED', `[cassette] ${method} is not supported here; use ${allowed}`);
}
