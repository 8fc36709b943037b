import type { ServerResponse } from 'node:http';
import { errorResponse } from './errors.js';

export function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  send(response, status, JSON.stringify(value), {
    'content-type': 'application/json; charset=utf-8',
    ...headers,
  });
}

export function send(
  response: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  response.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
  response.end(bytes);
}

export function sendError(response: ServerResponse, error: unknown): void {
  const { status, body } = errorResponse(error);
  if (response.headersSent) {
    response.destroy();
    return;
  }
  // After a refused upload the rest of the body is not read: the connection cannot be reused.
  const headers: Record<string, string> = {};
  if (status === 413) headers.connection = 'close';
  if (status === 401) headers['www-authenticate'] = 'Bearer';
  sendJson(response, status, body, headers);
}
