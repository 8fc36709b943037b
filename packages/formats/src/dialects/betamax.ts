import { type CassetteData, type CodecStyle, isBytes, setKey, type ValueMap } from '@cassettekit/core';
import { dumpPythonJson, type JsonStyle } from '../codec/json-dumps.js';
import type { Dialect } from './dialect.js';
import { rubyLikeView } from './ruby-vcr.js';
import {
  droppedViewFields,
  extraKeys,
  headersToMap,
  listAt,
  parseTime,
  reasonPhrase,
  summarize,
} from './shared.js';

/** Betamax's serializer: `json.dumps(cassette_data)`, one line. */
const BETAMAX_JSON: JsonStyle = {
  codec: 'json',
  indent: -1,
  sortKeys: false,
  ensureAscii: true,
  newline: false,
};

/**
 * Betamax (Python requests): `{http_interactions: [{request, response, recorded_at}],
 * recorded_with: "betamax/x.y"}`, bodies `{encoding, string}` or `{encoding, base64_string}`, the old
 * `status_code` response shape read too.
 */
export const betamaxDialect: Dialect = {
  name: 'betamax',
  codecs: ['json'],
  detect: (data) =>
    Array.isArray(data.http_interactions) && String(data.recorded_with ?? '').startsWith('betamax'),
  interactions: (data) => listAt(data, 'http_interactions'),
  view: (interaction) => rubyLikeView(interaction),
  emit: (data, codec, style) => (codec === 'json' ? dumpPythonJson(data, pythonStyle(style)) : null),
  detectStyle: (text, data, codec) => {
    if (codec !== 'json') return null;
    for (const indent of [-1, 2, 4]) {
      for (const sortKeys of [false, true]) {
        for (const newline of [false, true]) {
          const style: JsonStyle = { codec: 'json', indent, sortKeys, ensureAscii: true, newline };
          if (dumpPythonJson(data, style) === text) return { ...style, dialect: 'betamax' };
        }
      }
    }
    return null;
  },
  fromViews: (views) => ({
    data: {
      http_interactions: views.map((view) => ({
        request: {
          body: betamaxBody(view.requestBody),
          headers: headersToMap(view.requestHeaders),
          method: view.method.toUpperCase(),
          uri: view.uri,
        },
        response: {
          body: betamaxBody(view.responseBody),
          headers: headersToMap(view.responseHeaders),
          status: {
            code: view.status.code ?? 200,
            message: view.status.message || reasonPhrase(view.status.code),
          },
          url: view.uri,
        },
        recorded_at: isoSeconds(view.recordedAt),
      })),
      recorded_with: 'betamax/0.9.0',
    },
    notes: droppedViewFields(views, 'betamax', { recordedAt: true, httpVersion: false }),
  }),
  beyondView: (data: CassetteData) =>
    summarize(
      'Betamax fields',
      listAt(data, 'http_interactions').flatMap((i) => [
        ...extraKeys(i, ['request', 'response', 'recorded_at'], ''),
        ...extraKeys(i.response, ['status', 'headers', 'body', 'url', 'status_code'], 'response.'),
      ]),
    ),
};

function pythonStyle(style: CodecStyle | null): JsonStyle {
  if (style === null || style.dialect !== 'betamax') return BETAMAX_JSON;
  return {
    codec: 'json',
    indent: typeof style.indent === 'number' ? style.indent : -1,
    sortKeys: style.sortKeys === true,
    ensureAscii: style.ensureAscii !== false,
    newline: style.newline === true,
  };
}

function betamaxBody(body: string | Uint8Array | null): ValueMap {
  const out: ValueMap = {};
  if (isBytes(body)) setKey(out, 'base64_string', Buffer.from(body).toString('base64'));
  else setKey(out, 'string', body ?? '');
  setKey(out, 'encoding', isBytes(body) ? null : 'utf-8');
  return out;
}

/** Betamax's `recorded_at`: `datetime.utcnow().isoformat()` without fractions. */
function isoSeconds(recorded: string | undefined): string {
  const time = parseTime(recorded);
  return new Date(Number.isNaN(time) ? 0 : time).toISOString().slice(0, 19);
}
