import {
  asHeaders,
  type CassetteData,
  type CodecStyle,
  field,
  type InteractionData,
  type InteractionView,
  isBytes,
  isValueMap,
  setKey,
  type ValueMap,
} from '@cassettekit/core';
import { dumpPsych, PsychDumpError } from '../psych/index.js';
import type { Dialect } from './dialect.js';
import { detectJsJsonStyle, stringifyJs } from './js-json.js';
import {
  encodedBody,
  extraKeys,
  headersToMap,
  listAt,
  num,
  parseTime,
  reasonPhrase,
  summarize,
  text,
} from './shared.js';

/**
 * Ruby VCR 2.0+: `{http_interactions: [{request, response, recorded_at}], recorded_with: "VCR x"}`,
 * bodies `{encoding, string}` or `{encoding, base64_string}`, YAML by Psych or JSON by the `json`
 * serializer (`JSON.generate`, or `JSON.pretty_generate` in VCR 6). YAML is written by the Psych
 * port (src/psych), byte-identical to `YAML.dump` (Psych 4, libyaml 0.2.5).
 */
export const rubyVcrDialect: Dialect = {
  name: 'ruby-vcr',
  codecs: ['yaml', 'json'],
  detect: (data) =>
    Array.isArray(data.http_interactions) && !String(data.recorded_with ?? '').startsWith('betamax'),
  interactions: (data) => listAt(data, 'http_interactions'),
  view: (interaction) => rubyLikeView(interaction),
  emit: (data, codec, style) =>
    codec === 'json'
      ? stringifyJs(data, {
          indent: typeof style?.indent === 'number' ? style.indent : 2,
          sortKeys: false,
          newline: style?.newline === true,
        })
      : psychOrNull(data),
  detectStyle: (text, data, codec) => {
    if (codec !== 'json') return psychOrNull(data) === text ? PSYCH_STYLE : null;
    const found = detectJsJsonStyle(text, data, [false]);
    return found === null ? null : jsStyle('ruby-vcr', found);
  },
  fromViews: (views) => ({
    data: {
      http_interactions: views.map((view) => ({
        request: {
          method: view.method.toLowerCase(),
          uri: view.uri,
          body: rubyBody(view.requestBody),
          headers: headersToMap(view.requestHeaders),
        },
        response: {
          status: {
            code: view.status.code ?? 200,
            message: view.status.message || reasonPhrase(view.status.code),
          },
          headers: headersToMap(view.responseHeaders),
          body: rubyBody(view.responseBody),
          http_version: view.httpVersion === undefined ? null : view.httpVersion.replace(/^HTTP\//, ''),
        },
        recorded_at: httpDate(view.recordedAt),
      })),
      recorded_with: 'VCR 6.3.1',
    },
    notes: views.some((v) => v.recordedAt === undefined)
      ? ['recorded_at set to the Unix epoch where the source has no time (VCR requires one)']
      : [],
  }),
  beyondView: (data) => [
    ...(isValueMap(data.metadata) ||
    listAt(data, 'http_interactions').some((i) => field(i, 'metadata') !== undefined)
      ? ['Ruby VCR metadata']
      : []),
    ...summarize(
      'Ruby VCR fields',
      listAt(data, 'http_interactions').flatMap((i) => [
        ...extraKeys(i, ['request', 'response', 'recorded_at'], ''),
        ...extraKeys(
          i.response,
          ['status', 'headers', 'body', 'http_version', 'adapter_metadata'],
          'response.',
        ),
      ]),
    ),
  ],
};

const PSYCH_STYLE: CodecStyle = { codec: 'yaml', dialect: 'ruby-vcr', writer: 'psych' };

/** What Psych writes for the data, or null where Psych itself would raise. */
function psychOrNull(data: CassetteData): string | null {
  try {
    return dumpPsych(data);
  } catch (error) {
    if (error instanceof PsychDumpError) return null;
    throw error;
  }
}

export function jsStyle(
  dialect: string,
  style: { indent: number; sortKeys: boolean; newline: boolean },
): CodecStyle {
  return { codec: 'json', dialect, indent: style.indent, sortKeys: style.sortKeys, newline: style.newline };
}

/** The view of Ruby VCR's and Betamax's interactions (Betamax's older `status_code` included). */
export function rubyLikeView(interaction: InteractionData): InteractionView {
  const { request, response } = interaction;
  const status = field(response, 'status');
  const code = num(status, 'code') ?? num(response, 'status_code');
  const version = field(response, 'http_version');
  const recorded = text(interaction, 'recorded_at');
  return {
    method: text(request, 'method') ?? '',
    uri: text(request, 'uri') ?? '',
    requestHeaders: asHeaders(field(request, 'headers')),
    requestBody: encodedBody(field(request, 'body')),
    status: { code, message: text(status, 'message') ?? '' },
    responseHeaders: asHeaders(field(response, 'headers')),
    responseBody: encodedBody(field(response, 'body')),
    ...(recorded === undefined ? {} : { recordedAt: recorded }),
    ...(typeof version === 'string' ? { httpVersion: version } : {}),
  };
}

/** `{encoding, string}` for text, `{encoding: ASCII-8BIT, base64_string}` for bytes. */
function rubyBody(body: string | Uint8Array | null): ValueMap {
  const out: ValueMap = {};
  if (isBytes(body)) {
    setKey(out, 'encoding', 'ASCII-8BIT');
    setKey(out, 'base64_string', Buffer.from(body).toString('base64'));
  } else {
    setKey(out, 'encoding', 'UTF-8');
    setKey(out, 'string', body ?? '');
  }
  return out;
}

/** VCR's `recorded_at`: `Time#httpdate`. Any date the source gives is re-written so. */
function httpDate(recorded: string | undefined): string {
  const time = parseTime(recorded);
  return new Date(Number.isNaN(time) ? 0 : time).toUTCString();
}
