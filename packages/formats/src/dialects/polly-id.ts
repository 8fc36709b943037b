import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { HeaderList, InteractionView, ValueMap } from '@cassettekit/core';
import { stringifyJs } from './js-json.js';

/** A request as Polly's adapters hand it to `@pollyjs/core` (header names any case, values text). */
export interface PollyRequestShape {
  readonly method: string;
  readonly url: string;
  /** A header Polly saw as an array stays one (`_fromType: "array"` in its HAR), even of one value. */
  readonly headers: readonly (readonly [name: string, value: string | readonly string[]])[];
  /** The body as the adapter passed it: text, or bytes (hashed as base64, as Polly's serializer does). */
  readonly body: string | Uint8Array | null;
}

interface PollyUrl {
  query: unknown;
  href: string;
  set(part: string, value: unknown): void;
}
type PollyUrlClass = new (url: string, parse?: boolean) => PollyUrl;

let pollyUrl: PollyUrlClass | undefined;

/**
 * Polly's own URL class (url-parse with a `qs` query), loaded on first use: the URL part of Polly's
 * request id is exactly what it makes of a URL, edge cases of `qs` included.
 */
function PollyURL(): PollyUrlClass {
  pollyUrl ??= (createRequire(import.meta.url)('@pollyjs/utils') as { URL: PollyUrlClass }).URL;
  return pollyUrl;
}

/**
 * The `_id` Polly (`@pollyjs/core` 6, `PollyRequest#_identify`) gives a request under its default
 * `matchRequestsBy` (method, headers, body, url without its hash; order is `_order`):
 * `md5(fast-json-stable-stringify({headers, method, body, url}))`, headers lower-cased (a later name
 * of the same case-folded spelling wins), the body only when not empty, the query sorted by key.
 */
export function pollyRequestId(request: PollyRequestShape): string {
  const headers: ValueMap = {};
  for (const [name, value] of request.headers) {
    headers[name.toLowerCase()] = typeof value === 'string' ? value : [...value];
  }
  const identifiers: ValueMap = { headers, method: request.method.toUpperCase() };
  const body = bodyIdentifier(request.body);
  if (body !== null) identifiers.body = body;
  identifiers.url = normalizedUrl(request.url);
  const text = stringifyJs(identifiers, { indent: 0, sortKeys: true, newline: false });
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/**
 * The request of a view as Polly's node-http adapter presents it: the recorded headers (one value a
 * string, several an array), plus the `host` header Node sends, and nock adds for Polly, when the
 * tool that recorded it kept none (vcrpy, go-vcr and others leave it out).
 */
export function pollyRequestOfView(view: InteractionView): PollyRequestShape {
  const headers = viewHeaders(view.requestHeaders);
  if (!headers.some(([name]) => name.toLowerCase() === 'host')) {
    const host = hostOf(view.uri);
    if (host !== undefined) headers.push(['host', host]);
  }
  return { method: view.method, url: view.uri, headers, body: view.requestBody };
}

function viewHeaders(list: HeaderList): [string, string | string[]][] {
  return list.map(([name, values]) => {
    const texts = values.map((v) => (typeof v === 'string' ? v : Buffer.from(v).toString('latin1')));
    return [name, texts.length === 1 ? texts[0]! : texts];
  });
}

function hostOf(uri: string): string | undefined {
  try {
    return new URL(uri).host || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Node-http hands Polly a body that is valid UTF-8 as text, any other as a Buffer, which Polly's
 * buffer serializer hashes as base64. An empty body is no identifier at all.
 */
function bodyIdentifier(body: string | Uint8Array | null): string | null {
  if (body === null || body.length === 0) return null;
  if (typeof body === 'string') return body;
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : bytes.toString('base64');
}

/** `normalize-request.js#url` with the default config: hash dropped, query keys sorted (deeply). */
function normalizedUrl(url: string): string {
  const URLClass = PollyURL();
  // PollyRequest keeps its URL parsed and hands the normalizer that parse's text, parsed again.
  const parsed = new URLClass(new URLClass(url, true).href, true);
  parsed.set('hash', '');
  if (typeof parsed.query === 'object' && parsed.query !== null) {
    parsed.set('query', JSON.parse(stringifyJs(parsed.query as ValueMap, SORTED)) as unknown);
  }
  return parsed.href;
}

const SORTED = { indent: 0, sortKeys: true, newline: false } as const;
