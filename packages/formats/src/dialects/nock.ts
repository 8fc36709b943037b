import {
  asHeaders,
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
import { jsStyle } from './ruby-vcr.js';
import { extraKeys, num, summarize, text } from './shared.js';

/**
 * A document whose top level is a list (nock's definitions) is held as `{[LIST_KEY]: [...]}`: a
 * cassette's data is a map in every store. A nock fixture is never a map, so nothing else has it.
 */
export const LIST_KEY = '$list';

/** nock.back: `fs.writeFileSync(path, JSON.stringify(definitions, null, 4))`. */
export const NOCK_JSON = { indent: 4, sortKeys: false, newline: false } as const;

/**
 * nock.back fixtures: a JSON array of definitions (`scope`, `method`, `path`, `body`, `status`,
 * `response` as parsed JSON / text / hex chunks, `rawHeaders` as a list or a map, `reqheaders`,
 * `responseIsBinary`).
 */
export const nockDialect: Dialect = {
  name: 'nock',
  codecs: ['json'],
  detect: (data) => Array.isArray(data[LIST_KEY]),
  interactions: (data) => {
    const list = data[LIST_KEY];
    return Array.isArray(list) ? (list as InteractionData[]) : [];
  },
  view: (definition) => nockView(definition),
  emit: (data, codec, style) =>
    codec === 'json'
      ? stringifyJs(data[LIST_KEY] ?? [], {
          indent: typeof style?.indent === 'number' ? style.indent : NOCK_JSON.indent,
          sortKeys: style?.sortKeys === true,
          newline: style?.newline === true,
        })
      : null,
  detectStyle: (text, data, codec) => {
    if (codec !== 'json') return null;
    const found = detectJsJsonStyle(text, data[LIST_KEY] ?? [], [false]);
    return found === null ? null : jsStyle('nock', found);
  },
  fromViews: (views) => {
    let parsed = false;
    const definitions = views.map((view) => {
      const out: ValueMap = {};
      let scope = '';
      let path = view.uri;
      try {
        const url = new URL(view.uri);
        scope = `${url.protocol}//${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
        path = url.pathname + url.search;
      } catch {
        // Not absolute: the whole URI is the path.
      }
      setKey(out, 'scope', scope);
      setKey(out, 'method', view.method.toUpperCase());
      setKey(out, 'path', path);
      const body = nockBody(view.requestBody, view.requestHeaders);
      parsed ||= body.parsed;
      if (view.requestBody !== null) setKey(out, 'body', body.value);
      setKey(out, 'status', view.status.code ?? 200);
      const response = nockBody(view.responseBody, view.responseHeaders);
      parsed ||= response.parsed;
      setKey(out, 'response', response.value);
      setKey(
        out,
        'rawHeaders',
        view.responseHeaders.flatMap(([name, values]) => values.flatMap((v) => [name, headerText(v)])),
      );
      if (view.requestHeaders.length > 0) {
        const reqheaders: ValueMap = {};
        for (const [name, values] of view.requestHeaders)
          setKey(reqheaders, name, values.map(headerText).join(', '));
        setKey(out, 'reqheaders', reqheaders);
      }
      if (isBytes(view.responseBody)) setKey(out, 'responseIsBinary', true);
      return out;
    });
    const notes: string[] = [];
    if (parsed) notes.push('JSON bodies stored parsed, as nock records them (re-serialized when read)');
    if (views.some((v) => v.status.message !== '')) notes.push('status messages (nock has none)');
    if (views.some((v) => v.recordedAt !== undefined)) notes.push('recording times (nock has none)');
    return { data: { [LIST_KEY]: definitions }, notes };
  },
  beyondView: (data: CassetteData) =>
    summarize(
      'nock fields',
      nockDialect
        .interactions(data)
        .flatMap((d) =>
          extraKeys(
            d,
            [
              'scope',
              'method',
              'path',
              'body',
              'status',
              'response',
              'rawHeaders',
              'headers',
              'reqheaders',
              'responseIsBinary',
            ],
            '',
          ),
        ),
    ),
};

function nockView(definition: InteractionData): InteractionView {
  const scope = text(definition, 'scope') ?? '';
  const path = text(definition, 'path') ?? '';
  const binary = field(definition, 'responseIsBinary') === true;
  const body = field(definition, 'body');
  return {
    method: text(definition, 'method') ?? '',
    uri: scope.replace(/\/$/, '') + path,
    requestHeaders: asHeaders(field(definition, 'reqheaders')),
    requestBody: body === undefined ? null : jsonText(body),
    status: { code: num(definition, 'status') ?? 200, message: '' },
    responseHeaders: rawHeaders(field(definition, 'rawHeaders') ?? field(definition, 'headers')),
    responseBody: binary
      ? hexBody(field(definition, 'response'))
      : responseText(field(definition, 'response')),
  };
}

function responseText(value: Value | undefined): Body {
  return value === undefined ? null : jsonText(value);
}

/** A body nock parsed as JSON is serialized back; text stays text. */
function jsonText(value: Value): string {
  return typeof value === 'string'
    ? value
    : stringifyJs(value, { indent: 0, sortKeys: false, newline: false });
}

/** `responseIsBinary`: the body is hex, one string or a list of chunks. */
function hexBody(value: Value | undefined): Body {
  const chunks = Array.isArray(value) ? value : [value];
  return new Uint8Array(
    Buffer.concat(chunks.filter((c): c is string => typeof c === 'string').map((c) => Buffer.from(c, 'hex'))),
  );
}

/** `rawHeaders` as `[name, value, name, value...]`, or a `{name: value}` map. */
function rawHeaders(value: Value | undefined): HeaderList {
  if (!Array.isArray(value)) return isValueMap(value) ? asHeaders(value) : [];
  const out: HeaderList = [];
  for (let i = 0; i + 1 < value.length; i += 2) {
    const name = value[i];
    const header = value[i + 1];
    if (typeof name === 'string' && typeof header === 'string') out.push([name, [header]]);
  }
  return out;
}

function headerText(value: string | Uint8Array): string {
  return typeof value === 'string' ? value : Buffer.from(value).toString('latin1');
}

/** What nock records: bytes as hex, JSON (by content type) parsed, else the text. */
function nockBody(body: Body, headers: HeaderList): { value: Value; parsed: boolean } {
  if (body === null) return { value: '', parsed: false };
  if (isBytes(body)) return { value: Buffer.from(body).toString('hex'), parsed: false };
  const type = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1][0];
  if (typeof type === 'string' && /json/i.test(type) && body !== '') {
    try {
      const parsed = JSON.parse(body) as Value;
      if (typeof parsed === 'object' && parsed !== null) return { value: parsed, parsed: true };
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  return { value: body, parsed: false };
}
