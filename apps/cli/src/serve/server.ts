import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { CassetteStore } from '@cassettekit/core';
import { handleCassettes } from './cassettes.js';
import { HttpError } from './errors.js';
import { handlePolly } from './polly.js';
import { sendError } from './respond.js';

export interface ServeOptions {
  readonly store: CassetteStore;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  readonly token?: string;
  readonly maxBody: number;
}

export interface CassetteServer {
  readonly server: Server;
  /** Stops accepting requests, lets those in flight finish (writes complete), then resolves. */
  shutdown(): Promise<void>;
}

/** One store over HTTP. Requests run concurrently; each store write is atomic on its own. */
export function createCassetteServer(options: ServeOptions): CassetteServer {
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    try {
      if (stopping) {
        response.setHeader('connection', 'close');
        throw new HttpError(503, 'UNAVAILABLE', '[cassette] the server is shutting down');
      }
      authorize(request, options.token);
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname;
      if (path === '/v1/cassettes' || path === '/v1/cassettes/') {
        return await handleCassettes(options, request, response, url, null);
      }
      if (path.startsWith('/v1/cassettes/')) {
        return await handleCassettes(options, request, response, url, path.slice('/v1/cassettes/'.length));
      }
      if (path.startsWith('/polly/') && path.length > '/polly/'.length) {
        return await handlePolly(options, request, response, path.slice('/polly/'.length));
      }
      throw new HttpError(
        404,
        'NOT_FOUND',
        `[cassette] no route ${request.method} ${path}: use /v1/cassettes or /polly/<recordingId>`,
      );
    } catch (error) {
      sendError(response, error);
    }
  };

  const server = createServer((request, response) => {
    const done = handle(request, response).finally(() => inFlight.delete(done));
    inFlight.add(done);
  });
  // A refused upload closes its connection once the answer is out, instead of reading the rest.
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    response.on('finish', () => {
      if (response.getHeader('connection') === 'close') request.socket.end();
    });
  });

  return {
    server,
    async shutdown() {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await closed;
    },
  };
}

function authorize(request: IncomingMessage, token: string | undefined): void {
  if (token === undefined) return;
  const given = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim() ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new HttpError(
      401,
      'UNAUTHORIZED',
      '[cassette] this server needs "Authorization: Bearer <token>" with the token given to cassette serve --token',
    );
  }
}
