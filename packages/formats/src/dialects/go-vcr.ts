import {
  asHeaders,
  type CassetteData,
  type CodecStyle,
  field,
  type InteractionView,
  isBytes,
  setKey,
  type ValueMap,
} from '@cassettekit/core';
import { dumpGoVcr } from '../yamlv3/index.js';
import type { Dialect } from './dialect.js';
import {
  droppedViewFields,
  extraKeys,
  headersToMap,
  listAt,
  num,
  reasonPhrase,
  summarize,
  text,
} from './shared.js';

/**
 * go-vcr: `{version: 1|2, interactions: [{request: {body, form, headers, url, method}, response:
 * {body, headers, status: "200 OK", code, duration}}]}`; version 2 (go-vcr v3/v4) adds `id`, `proto`,
 * `host`, `content_length`... Written by `yaml.v3` with a `---` header.
 */
export const goVcrDialect: Dialect = {
  name: 'go-vcr',
  codecs: ['yaml'],
  detect: (data) => {
    if (!Array.isArray(data.interactions)) return false;
    if (data.version === 2) return true;
    const first = data.interactions[0];
    if (first !== undefined) return text(field(first, 'request'), 'url') !== undefined;
    return Object.keys(data)[0] === 'version';
  },
  interactions: (data) => listAt(data, 'interactions'),
  view: (interaction) => {
    const { request, response } = interaction;
    const code = num(response, 'code');
    const status = field(response, 'status');
    const statusText = typeof status === 'string' ? status : '';
    const proto = text(response, 'proto');
    return {
      method: text(request, 'method') ?? '',
      uri: text(request, 'url') ?? '',
      requestHeaders: asHeaders(field(request, 'headers')),
      requestBody: goBody(field(request, 'body')),
      status: {
        code: code ?? (typeof status === 'number' ? status : null),
        message: statusText.replace(/^\d+\s*/, ''),
      },
      responseHeaders: asHeaders(field(response, 'headers')),
      responseBody: goBody(field(response, 'body')),
      ...(proto === undefined ? {} : { httpVersion: proto }),
    };
  },
  // Version 2 is yaml.v3's Marshal after a `---` line (go-vcr v3/v4). Version 1 files were written
  // by yaml.v2, which has no port yet: the codec writes those as PyYAML does.
  emit: (data) => (data.version === 1 ? null : dumpGoVcr(data)),
  detectStyle: (text, data) => (data.version !== 1 && dumpGoVcr(data) === text ? YAML_V3_STYLE : null),
  fromViews: (views) => ({
    data: { version: 2, interactions: views.map(goInteraction) },
    notes: [
      ...droppedViewFields(views, 'go-vcr', { recordedAt: false, httpVersion: true }),
      'header order (go-vcr keeps headers in a map, written sorted)',
    ],
  }),
  beyondView: (data: CassetteData) =>
    summarize(
      'go-vcr fields',
      listAt(data, 'interactions').flatMap((i) => [
        ...extraKeys(
          i.request,
          [
            'body',
            'form',
            'headers',
            'url',
            'method',
            'proto',
            'proto_major',
            'proto_minor',
            'content_length',
            'transfer_encoding',
            'trailer',
            'host',
            'remote_addr',
            'request_uri',
          ],
          'request.',
        ),
        ...extraKeys(
          i.response,
          [
            'body',
            'headers',
            'status',
            'code',
            'duration',
            'proto',
            'proto_major',
            'proto_minor',
            'transfer_encoding',
            'trailer',
            'content_length',
            'uncompressed',
          ],
          'response.',
        ),
      ]),
    ),
};

const YAML_V3_STYLE: CodecStyle = { codec: 'yaml', dialect: 'go-vcr', writer: 'yaml.v3' };

/** go-vcr writes an absent body as "": read it as none. */
function goBody(body: CassetteData[string] | undefined): string | Uint8Array | null {
  if (isBytes(body)) return body.length === 0 ? null : body;
  return typeof body === 'string' && body !== '' ? body : null;
}

function goInteraction(view: InteractionView, id: number): ValueMap {
  const proto = view.httpVersion?.startsWith('HTTP/') ? view.httpVersion : 'HTTP/1.1';
  const [major, minor] = proto.slice(5).split('.').map(Number);
  let host = '';
  let requestUri = '';
  try {
    const url = new URL(view.uri);
    host = url.host;
    requestUri = url.pathname + url.search;
  } catch {
    // Not an absolute URL: go-vcr keeps it as it is.
  }
  const length = (body: string | Uint8Array | null) =>
    body === null ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  const request: ValueMap = {
    proto,
    proto_major: major ?? 1,
    proto_minor: minor ?? 1,
    content_length: length(view.requestBody),
    transfer_encoding: [],
    trailer: {},
    host,
    remote_addr: '',
    request_uri: requestUri,
    body: view.requestBody ?? '',
    form: {},
    headers: headersToMap(view.requestHeaders),
    url: view.uri,
    method: view.method.toUpperCase(),
  };
  const code = view.status.code ?? 200;
  const response: ValueMap = {
    proto,
    proto_major: major ?? 1,
    proto_minor: minor ?? 1,
    transfer_encoding: [],
    trailer: {},
    content_length: length(view.responseBody),
    uncompressed: false,
    body: view.responseBody ?? '',
    headers: headersToMap(view.responseHeaders),
    status: `${code} ${view.status.message || reasonPhrase(code)}`.trim(),
    code,
    duration: '0s',
  };
  const out: ValueMap = {};
  setKey(out, 'id', id);
  setKey(out, 'request', request);
  setKey(out, 'response', response);
  return out;
}
