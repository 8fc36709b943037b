import { field, type InteractionData } from './cassette.js';
import { isBytes, isValueMap, type Value } from './value.js';

/** A body as recorded: text, bytes (non-UTF-8 data, `!!binary` in YAML), or nothing. */
export type Body = string | Uint8Array | null;

/** Header values in recorded order; a value may be bytes, as botocore records some of them. */
export type HeaderList = Array<readonly [name: string, values: readonly (string | Uint8Array)[]]>;

export function requestMethod(interaction: InteractionData): string {
  const method = field(interaction.request, 'method');
  return typeof method === 'string' ? method : '';
}

export function requestUri(interaction: InteractionData): string {
  const uri = field(interaction.request, 'uri');
  return typeof uri === 'string' ? uri : '';
}

export function requestBody(interaction: InteractionData): Body {
  return asBody(field(interaction.request, 'body'));
}

/** The status code: vcrpy's `status: {code}` or the httpx-era `status_code`. */
export function responseStatus(interaction: InteractionData): { code: number | null; message: string } {
  const status = field(interaction.response, 'status');
  const code = field(status, 'code') ?? field(interaction.response, 'status_code');
  const message = field(status, 'message');
  return {
    code: typeof code === 'number' ? code : null,
    message: typeof message === 'string' ? message : '',
  };
}

/** The response body: vcrpy's `body: {string}` or the httpx-era `content`. */
export function responseBody(interaction: InteractionData): Body {
  const body = field(interaction.response, 'body');
  if (isValueMap(body)) return asBody(field(body, 'string'));
  if (body !== undefined) return asBody(body);
  return asBody(field(interaction.response, 'content'));
}

export function requestHeaders(interaction: InteractionData): HeaderList {
  return asHeaders(field(interaction.request, 'headers'));
}

export function responseHeaders(interaction: InteractionData): HeaderList {
  return asHeaders(field(interaction.response, 'headers'));
}

/** The first value of a header, matched case-insensitively. */
export function headerValue(headers: HeaderList, name: string): string | Uint8Array | undefined {
  const wanted = name.toLowerCase();
  for (const [key, values] of headers) if (key.toLowerCase() === wanted) return values[0];
  return undefined;
}

function asBody(value: Value | undefined): Body {
  if (typeof value === 'string' || isBytes(value)) return value;
  return null;
}

/** Reads `{name: [values]}`, `{name: value}` and the legacy `["Name: value\r\n", ...]` forms. */
function asHeaders(value: Value | undefined): HeaderList {
  const out: HeaderList = [];
  if (isValueMap(value)) {
    for (const name of Object.keys(value)) {
      const raw = value[name];
      const list = Array.isArray(raw) ? raw : [raw];
      out.push([name, list.filter((v): v is string | Uint8Array => typeof v === 'string' || isBytes(v))]);
    }
  } else if (Array.isArray(value)) {
    for (const line of value) {
      if (typeof line !== 'string') continue;
      const colon = line.indexOf(':');
      if (colon > 0) out.push([line.slice(0, colon), [line.slice(colon + 1).trim()]]);
    }
  }
  return out;
}
