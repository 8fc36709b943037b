import {
  type Body,
  type CassetteData,
  field,
  type HeaderList,
  type InteractionData,
  type InteractionView,
  isBytes,
  isValueMap,
  setKey,
  type Value,
  type ValueMap,
} from '@cassettekit/core';
import type { Dialect } from './dialect.js';
import { detectJsJsonStyle, stringifyJs } from './js-json.js';
import { pollyRequestId, pollyRequestOfView } from './polly-id.js';
import { jsStyle } from './ruby-vcr.js';
import { extraKeys, num, reasonPhrase, summarize, text, textIfUtf8 } from './shared.js';

/** Polly's persister-fs: `json-stable-stringify(har, {space: 2})`, no newline after. */
export const POLLY_JSON = { indent: 2, sortKeys: true, newline: false } as const;

/**
 * Polly.js recordings: HAR 1.2 (`log.entries`) with Polly's `_recordingName`, `_id`, `_order`,
 * `_fromType` headers and bodies that are `encoding: base64`, as one string or a JSON array of chunks.
 */
export const harDialect: Dialect = {
  name: 'har',
  codecs: ['json', 'yaml'],
  detect: (data) => isValueMap(data.log) && Array.isArray(data.log.entries),
  interactions: (data) => {
    const entries = field(data.log, 'entries');
    return Array.isArray(entries) ? (entries as InteractionData[]) : [];
  },
  view: (entry) => harView(entry),
  emit: (data, codec, style) =>
    codec === 'json'
      ? stringifyJs(data, {
          indent: typeof style?.indent === 'number' ? style.indent : POLLY_JSON.indent,
          sortKeys: style?.sortKeys !== false,
          newline: style?.newline === true,
        })
      : null,
  detectStyle: (text, data, codec) => {
    if (codec !== 'json') return null;
    const found = detectJsJsonStyle(text, data, [true, false]);
    return found === null ? null : jsStyle('har', found);
  },
  fromViews: (views, name) => {
    const orders = new Map<string, number>();
    const entries = views.map((view) => {
      const entry = harEntry(view);
      const order = orders.get(entry._id as string) ?? 0;
      orders.set(entry._id as string, order + 1);
      entry._order = order;
      return entry;
    });
    return {
      data: {
        log: {
          _recordingName: name,
          creator: { comment: 'persister:fs', name: 'Polly.JS', version: '6.0.6' },
          entries,
          pages: [],
          version: '1.2',
        },
      },
      notes: [
        ...binaryRequestNotes(views),
        ...(views.some(
          (v) =>
            typeof v.responseBody === 'string' &&
            v.responseBody !== '' &&
            first(v.responseHeaders, 'content-encoding'),
        )
          ? ['text bodies under a Content-Encoding header, kept as base64 chunks (as Polly replays them)']
          : []),
        ...(views.some((v) => v.recordedAt === undefined)
          ? ['startedDateTime set to the Unix epoch where the source has no time']
          : []),
      ],
    };
  },
  beyondView: (data: CassetteData) => {
    const entries = harDialect.interactions(data);
    const notes: string[] = [];
    if (entries.some((e) => field(e, 'timings') !== undefined || field(e, 'time') !== undefined))
      notes.push('HAR timings');
    if (entries.some((e) => (field(e.response, 'cookies') as Value[] | undefined)?.length))
      notes.push('HAR cookies (kept in the Set-Cookie headers)');
    notes.push(
      ...summarize(
        'HAR fields',
        entries.flatMap((e) =>
          extraKeys(
            e,
            ['_id', '_order', 'cache', 'request', 'response', 'startedDateTime', 'time', 'timings'],
            '',
          ),
        ),
      ),
    );
    return notes;
  },
};

function harView(entry: InteractionData): InteractionView {
  const { request, response } = entry;
  const postData = field(request, 'postData');
  const started = text(entry, 'startedDateTime');
  const version = text(response, 'httpVersion');
  return {
    method: text(request, 'method') ?? '',
    uri: text(request, 'url') ?? '',
    requestHeaders: nvHeaders(field(request, 'headers')),
    requestBody: harBody(postData),
    status: { code: num(response, 'status'), message: text(response, 'statusText') ?? '' },
    responseHeaders: nvHeaders(field(response, 'headers')),
    responseBody: harBody(field(response, 'content')),
    ...(started === undefined ? {} : { recordedAt: started }),
    ...(version === undefined ? {} : { httpVersion: version }),
  };
}

/** `[{name, value}]` pairs (value a string, or a list in Polly 1.x), same names gathered in order. */
function nvHeaders(list: Value | undefined): HeaderList {
  const out: HeaderList = [];
  const at = new Map<string, number>();
  if (!Array.isArray(list)) return out;
  for (const pair of list) {
    const name = text(pair, 'name');
    const value = field(pair, 'value');
    if (name === undefined) continue;
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    const index = at.get(name);
    if (index === undefined) {
      at.set(name, out.length);
      out.push([name, values]);
    } else out[index] = [name, [...out[index]![1], ...values]];
  }
  return out;
}

/** `text`, or with `encoding: base64` the bytes of one base64 string or of a JSON array of chunks. */
function harBody(content: Value | undefined): Body {
  const body = field(content, 'text');
  if (typeof body !== 'string') return null;
  if (field(content, 'encoding') !== 'base64') return body;
  if (body.startsWith('[')) {
    try {
      const chunks = JSON.parse(body) as unknown;
      if (Array.isArray(chunks) && chunks.every((c) => typeof c === 'string'))
        return new Uint8Array(Buffer.concat(chunks.map((c: string) => Buffer.from(c, 'base64'))));
    } catch {
      // Not a chunk array: one base64 string.
    }
  }
  return new Uint8Array(Buffer.from(body, 'base64'));
}

function nvPairs(headers: HeaderList): ValueMap[] {
  return headers.flatMap(([name, values]) =>
    values.map((value) => {
      const pair: ValueMap = {};
      if (values.length > 1) setKey(pair, '_fromType', 'array');
      setKey(pair, 'name', name);
      setKey(pair, 'value', typeof value === 'string' ? value : Buffer.from(value).toString('latin1'));
      return pair;
    }),
  );
}

function first(headers: HeaderList, name: string): string | undefined {
  const found = headers.find(([key]) => key.toLowerCase() === name)?.[1][0];
  return typeof found === 'string' ? found : undefined;
}

/** A request body as HAR text, or null when its bytes are no UTF-8 (no text carries them exactly). */
function requestText(body: string | Uint8Array): string | null {
  if (typeof body === 'string') return body;
  const text = textIfUtf8(body);
  return typeof text === 'string' ? text : null;
}

/** What a HAR cannot carry of the views' request bodies, one note per binary body. */
function binaryRequestNotes(views: readonly InteractionView[]): string[] {
  return views.flatMap((view, index) =>
    view.requestBody !== null && requestText(view.requestBody) === null
      ? [
          `the request body of interaction ${index + 1} is binary (${size(view.requestBody)} bytes, not UTF-8): HAR postData holds text only, so it is left out (as Polly records such a body); bodySize gives its length`,
        ]
      : [],
  );
}

function size(body: Body): number {
  return body === null ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.length;
}

function harEntry(view: InteractionView): ValueMap {
  const method = view.method.toUpperCase();
  const id = pollyRequestId(pollyRequestOfView(view));
  let queryString: ValueMap[] = [];
  try {
    queryString = [...new URL(view.uri).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    // Not an absolute URL: no query pairs.
  }
  const request: ValueMap = {
    bodySize: size(view.requestBody),
    cookies: [],
    headers: nvPairs(view.requestHeaders),
    headersSize: -1,
    httpVersion: view.httpVersion?.startsWith('HTTP/') ? view.httpVersion : 'HTTP/1.1',
    method,
    queryString,
    url: view.uri,
  };
  if (view.requestBody !== null) {
    // HAR postData holds text only: bytes that are no UTF-8 get no text, as Polly records them.
    const body = requestText(view.requestBody);
    request.postData = {
      mimeType: first(view.requestHeaders, 'content-type') ?? 'text/plain',
      params: [],
      ...(body === null ? {} : { text: body }),
    };
  }
  const content: ValueMap = {
    mimeType: first(view.responseHeaders, 'content-type') ?? 'text/plain',
    size: size(view.responseBody),
  };
  const encoded = Boolean(first(view.responseHeaders, 'content-encoding'));
  if (encoded && view.responseBody !== null && view.responseBody !== '') {
    // Under a Content-Encoding header Polly's node-http adapter replays a body from a JSON array of
    // base64 chunks (what it records), even when the source kept the body decoded (vcrpy may).
    content.encoding = 'base64';
    content.text = JSON.stringify([Buffer.from(view.responseBody).toString('base64')]);
  } else if (isBytes(view.responseBody)) {
    content.encoding = 'base64';
    content.text = Buffer.from(view.responseBody).toString('base64');
  } else if (view.responseBody !== null && view.responseBody !== '') content.text = view.responseBody;
  const code = view.status.code ?? 200;
  return {
    _id: id,
    _order: 0,
    cache: {},
    request,
    response: {
      bodySize: size(view.responseBody),
      content,
      cookies: [],
      headers: nvPairs(view.responseHeaders),
      headersSize: -1,
      httpVersion: request.httpVersion as string,
      redirectURL: first(view.responseHeaders, 'location') ?? '',
      status: code,
      statusText: view.status.message || reasonPhrase(code),
    },
    startedDateTime: new Date(
      Number.isNaN(Date.parse(view.recordedAt ?? '')) ? 0 : Date.parse(view.recordedAt!),
    ).toISOString(),
    time: 0,
    timings: { blocked: -1, connect: -1, dns: -1, receive: 0, send: 0, ssl: -1, wait: 0 },
  };
}
