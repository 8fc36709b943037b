import { type CassetteData, field, type InteractionData } from './cassette.js';
import { isBytes, isValueMap, type Value } from './value.js';
import {
  type Body,
  type DialectReader,
  type HeaderList,
  type InteractionView,
  interactionView,
  registerDialectReader,
} from './view.js';

/*
 * The accessors read an interaction through its view, so they work for every dialect: the
 * interaction must come from `interactionsOf`, which remembers its dialect (else it is read as vcrpy).
 */

export function requestMethod(interaction: InteractionData): string {
  return interactionView(interaction).method;
}

export function requestUri(interaction: InteractionData): string {
  return interactionView(interaction).uri;
}

export function requestBody(interaction: InteractionData): Body {
  return interactionView(interaction).requestBody;
}

/** The status code and message (vcrpy: `status: {code}` or the httpx-era `status_code`). */
export function responseStatus(interaction: InteractionData): { code: number | null; message: string } {
  const { code, message } = interactionView(interaction).status;
  return { code, message };
}

/** The response body (vcrpy: `body: {string}` or the httpx-era `content`). */
export function responseBody(interaction: InteractionData): Body {
  return interactionView(interaction).responseBody;
}

export function requestHeaders(interaction: InteractionData): HeaderList {
  return interactionView(interaction).requestHeaders;
}

export function responseHeaders(interaction: InteractionData): HeaderList {
  return interactionView(interaction).responseHeaders;
}

/** When the interaction was recorded, if its dialect says (`recorded_at`, `startedDateTime`). */
export function recordedAt(interaction: InteractionData): string | undefined {
  return interactionView(interaction).recordedAt;
}

/** The first value of a header, matched case-insensitively. */
export function headerValue(headers: HeaderList, name: string): string | Uint8Array | undefined {
  const wanted = name.toLowerCase();
  for (const [key, values] of headers) if (key.toLowerCase() === wanted) return values[0];
  return undefined;
}

/** vcrpy's document: `{interactions: [{request: {method, uri, body, headers}, response: {...}}], version}`. */
export const vcrpyReader: DialectReader = {
  name: 'vcrpy',
  detect: (data) => Array.isArray(data.interactions) || Object.keys(data).length === 0,
  interactions: (data: CassetteData) => {
    const list = data.interactions;
    return Array.isArray(list) ? (list as InteractionData[]) : [];
  },
  view: (interaction) => vcrpyView(interaction),
};

function vcrpyView(interaction: InteractionData): InteractionView {
  const { request, response } = interaction;
  const method = field(request, 'method');
  const uri = field(request, 'uri');
  const status = field(response, 'status');
  const code = field(status, 'code') ?? field(response, 'status_code');
  const message = field(status, 'message');
  const body = field(response, 'body');
  const recorded = field(interaction, 'recorded_at');
  const version = field(response, 'http_version');
  return {
    method: typeof method === 'string' ? method : '',
    uri: typeof uri === 'string' ? uri : '',
    requestHeaders: asHeaders(field(request, 'headers')),
    requestBody: asBody(field(request, 'body')),
    status: {
      code: typeof code === 'number' ? code : null,
      message: typeof message === 'string' ? message : '',
    },
    responseHeaders: asHeaders(field(response, 'headers')),
    responseBody: isValueMap(body)
      ? asBody(field(body, 'string'))
      : body !== undefined
        ? asBody(body)
        : asBody(field(response, 'content')),
    ...(typeof recorded === 'string' ? { recordedAt: recorded } : {}),
    ...(typeof version === 'string' ? { httpVersion: version } : {}),
  };
}

registerDialectReader(vcrpyReader);

/** Text or bytes as a body; anything else is no body. */
export function asBody(value: Value | undefined): Body {
  if (typeof value === 'string' || isBytes(value)) return value;
  return null;
}

/** Reads `{name: [values]}`, `{name: value}` and the legacy `["Name: value\r\n", ...]` forms. */
export function asHeaders(value: Value | undefined): HeaderList {
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
