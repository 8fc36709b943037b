import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  type Cassette,
  cloneValue,
  type InteractionData,
  interactionsOf,
  isValueMap,
  type ValueMap,
} from '@cassettekit/core';
import { codecFor } from '@cassettekit/formats';

export const CORPUS = fileURLToPath(new URL('../../../fixtures/corpus/vcrpy/', import.meta.url));
export const yaml = codecFor('yaml');

/** A real cassette from the repo's corpus (e.g. `crewAIInc__crewAI/<file>.yaml`). */
export function loadCorpus(path: string): Cassette {
  return yaml.decode(readFileSync(CORPUS + path, 'utf8'), { cassette: path });
}

export const CREWAI_CHAT =
  'crewAIInc__crewAI/lib__crewai__tests__cassettes__test_llm_call_with_message_list.yaml';
export const TWEEPY_GZIP = 'tweepy__tweepy/cassettes__test_client_get_me.yaml';

// Secrets are generated, not written out, so this file holds no token a scanner (ours or a code
// host's push protection) would take for a real one. A fixed seed keeps them the same every run.
let seed = 0x2545f491;
/** mulberry32: random-looking characters, as real keys have. */
function next(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function random(chars: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += chars[Math.floor(next() * chars.length)];
  return out;
}
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64URL = `${ALNUM}-_`;
/** Mixed case and digits, guaranteed. */
function token(length: number, chars = ALNUM): string {
  return `aZ9${random(chars, length - 3)}`;
}
const b64url = (text: string) => Buffer.from(text).toString('base64url');

export const S = {
  openai: `sk-proj-${token(48, B64URL)}`,
  anthropic: `sk-ant-api03-${token(93, B64URL)}`,
  google: `AIza${token(35, B64URL)}`,
  google2: `AIza${token(35, B64URL)}`,
  githubClassic: `ghp_${token(36)}`,
  githubFine: `github_pat_${token(22)}_${token(59)}`,
  gitlab: `glpat-${token(20, B64URL)}`,
  slack: `xoxb-${random('0123456789', 12)}-${random('0123456789', 13)}-${token(24)}`,
  stripe: `sk_live_${token(24)}`,
  stripeRestricted: `rk_live_${token(24)}`,
  awsKeyId: `AKIA${random('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
  awsSecret: `${token(20)}/${token(19)}`,
  awsSessionToken: `IQoJb3JpZ2luX2Vj${token(120)}`,
  jwt: `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url('{"sub":"1234567890","name":"Ada","iat":1516239022}')}.${token(43, B64URL)}`,
  pem: `-----BEGIN RSA PRIVATE KEY-----\n${token(64)}\n${token(64)}\n${token(40)}==\n-----END RSA PRIVATE KEY-----`,
  bearer: token(40),
  session: token(32),
  refresh: token(40),
  clientSecret: token(32),
  password: `Hunter-${token(10)}`,
  basicAuthPassword: `Pw${token(14)}`,
  signature: random('0123456789abcdef', 64),
  apiKeyParam: token(32),
  xAmzCredential: '',
  gzipAccess: token(40),
  bytesPassword: `Swordfish${token(8)}`,
};
S.xAmzCredential = `${S.awsKeyId}/20250101/us-east-1/s3/aws4_request`;

export interface Planted {
  readonly interaction: number;
  readonly location: string;
  readonly rule: string;
  readonly secret: string;
}

function headers(interaction: InteractionData, side: 'request' | 'response'): ValueMap {
  const h = interaction[side].headers;
  if (!isValueMap(h)) throw new Error('fixture without headers');
  return h;
}

function bodyMap(interaction: InteractionData): ValueMap {
  const body = interaction.response.body;
  if (!isValueMap(body)) throw new Error('fixture without body.string');
  return body;
}

/**
 * A copy of a real crewAI cassette with one interaction per location kind, each carrying secrets
 * of several kinds, and a copy of a real gzip-bodied tweepy interaction. Returns the cassette (with
 * the crewAI file's format, so it is written in crewAI's PyYAML style) and what was planted where.
 */
export function plantEverywhere(): { cassette: Cassette; planted: Planted[] } {
  const base = loadCorpus(CREWAI_CHAT);
  const gzipBase = interactionsOf(loadCorpus(TWEEPY_GZIP).data)[0]!;
  const template = interactionsOf(base.data)[0]!;
  const interactions: InteractionData[] = [];
  const planted: Planted[] = [];
  // Planted by index; findings number interactions from 1.
  const add = (index: number, location: string, rule: string, secret: string) =>
    planted.push({ interaction: index + 1, location, rule, secret });

  // 0: request headers.
  {
    const i = cloneValue(template);
    const h = headers(i, 'request');
    h.authorization = [`Bearer ${S.openai}`];
    h['X-Api-Key'] = [S.anthropic];
    h['x-goog-api-key'] = [S.google];
    h.cookie = [`_cfuvid=abc.def-1737568015338-0.0.1.1-604800000; session=${S.session}`];
    h['x-amz-security-token'] = [S.awsSessionToken];
    h['Proxy-Authorization'] = [`Basic ${Buffer.from(`proxyuser:${S.password}`).toString('base64')}`];
    interactions.push(i);
    add(0, 'request.headers.authorization[0]', 'authorization', S.openai);
    add(0, 'request.headers.X-Api-Key[0]', 'api-key-header', S.anthropic);
    add(0, 'request.headers.x-goog-api-key[0]', 'api-key-header', S.google);
    add(0, 'request.headers.cookie[0] (cookie: session)', 'cookie', S.session);
    add(0, 'request.headers.x-amz-security-token[0]', 'aws-session-token', S.awsSessionToken);
    add(
      0,
      'request.headers.Proxy-Authorization[0]',
      'authorization',
      Buffer.from(`proxyuser:${S.password}`).toString('base64'),
    );
  }
  // 1: response headers.
  {
    const i = cloneValue(template);
    const h = headers(i, 'response');
    h['Set-Cookie'] = [
      `__cf_bm=keep.me-1737568015-1.0.1.1-abc; path=/; HttpOnly`,
      `sessionid=${S.session}; Path=/; HttpOnly; Secure`,
    ];
    h['x-refresh-hint'] = [`use ${S.githubClassic} next time`];
    interactions.push(i);
    add(1, 'response.headers.Set-Cookie[1] (cookie: sessionid)', 'cookie', S.session);
    add(1, 'response.headers.x-refresh-hint[0]', 'github-token', S.githubClassic);
  }
  // 2: query parameters and basic auth in the URI.
  {
    const i = cloneValue(template);
    i.request.uri =
      `https://svc:${S.basicAuthPassword}@api.example.org/v1/x?alt=json&api_key=${S.apiKeyParam}` +
      `&X-Amz-Credential=${encodeURIComponent(S.xAmzCredential)}&X-Amz-Signature=${S.signature}` +
      `&key=${S.google2}&page=2`;
    interactions.push(i);
    add(2, 'request.uri', 'url-basic-auth', S.basicAuthPassword);
    add(2, 'request.uri (query: api_key)', 'api-key-param', S.apiKeyParam);
    add(2, 'request.uri (query: X-Amz-Credential)', 'aws-signature', S.xAmzCredential);
    add(2, 'request.uri (query: X-Amz-Signature)', 'aws-signature', S.signature);
    add(2, 'request.uri (query: key)', 'api-key-param', S.google2);
  }
  // 3: form body (request) and JSON body (response).
  {
    const i = cloneValue(template);
    i.request.body =
      `grant_type=refresh_token&refresh_token=${S.refresh}&client_id=app-1` +
      `&client_secret=${S.clientSecret}&password=${encodeURIComponent(S.password)}`;
    headers(i, 'request')['content-type'] = ['application/x-www-form-urlencoded'];
    bodyMap(i).string = JSON.stringify(
      {
        token_type: 'bearer',
        access_token: S.bearer,
        refresh_token: S.refresh,
        expires_in: 3600,
        service_account: { type: 'service_account', private_key: S.pem, client_email: 'a@b.c' },
        scope: 'read',
      },
      null,
      2,
    );
    interactions.push(i);
    add(3, 'request.body (form: refresh_token)', 'token-param', S.refresh);
    add(3, 'request.body (form: client_secret)', 'client-secret', S.clientSecret);
    add(3, 'request.body (form: password)', 'password', S.password);
    add(3, 'response.body (json: $.access_token)', 'token-field', S.bearer);
    add(3, 'response.body (json: $.refresh_token)', 'token-field', S.refresh);
    add(3, 'response.body (json: $.service_account.private_key)', 'private-key-field', S.pem);
  }
  // 4: patterns in text bodies (an LLM prompt that pasted a config, a log in the answer).
  {
    const i = cloneValue(template);
    i.request.body = JSON.stringify({
      messages: [
        {
          role: 'user',
          content:
            `Why does this fail?\n[default]\naws_access_key_id = ${S.awsKeyId}\n` +
            `aws_secret_access_key = ${S.awsSecret}\nGITLAB=${S.gitlab} SLACK=${S.slack}`,
        },
      ],
      model: 'gpt-4o-mini',
    });
    bodyMap(i).string =
      `Your keys: ${S.stripe} and ${S.stripeRestricted}; GitHub ${S.githubFine}.\n` +
      `Authorization: Bearer ${S.jwt}\n`;
    headers(i, 'response')['Content-Type'] = ['text/plain'];
    interactions.push(i);
    add(4, 'request.body (text)', 'aws-access-key-id', S.awsKeyId);
    add(4, 'request.body (text)', 'aws-secret-access-key', S.awsSecret);
    add(4, 'request.body (text)', 'gitlab-token', S.gitlab);
    add(4, 'request.body (text)', 'slack-token', S.slack);
    add(4, 'response.body (text)', 'stripe-key', S.stripe);
    add(4, 'response.body (text)', 'stripe-key', S.stripeRestricted);
    add(4, 'response.body (text)', 'github-token', S.githubFine);
    add(4, 'response.body (text)', 'jwt', S.jwt);
  }
  // 5: a gzip response body (tweepy's real gzip interaction) and a bytes request body.
  {
    const i = cloneValue(gzipBase);
    const json = JSON.stringify({
      data: { id: '1', access_token: S.gzipAccess, note: `key ${S.githubClassic}` },
    });
    bodyMap(i).string = new Uint8Array(gzipSync(Buffer.from(json)));
    i.request.body = new Uint8Array(Buffer.from(`user=ada&password=${S.bytesPassword}`, 'utf8'));
    headers(i, 'request')['Content-Type'] = ['application/x-www-form-urlencoded'];
    interactions.push(i);
    add(5, 'request.body (bytes, form: password)', 'password', S.bytesPassword);
    add(5, 'response.body (gzip, json: $.data.access_token)', 'token-field', S.gzipAccess);
    add(5, 'response.body (gzip, text)', 'github-token', S.githubClassic);
  }

  const data = { ...cloneValue(base.data), interactions };
  return { cassette: { data, ...(base.format === undefined ? {} : { format: base.format }) }, planted };
}

/** A one-interaction cassette. */
export function oneInteraction(request: ValueMap, response: ValueMap = {}): Cassette {
  return {
    data: {
      interactions: [
        {
          request: { method: 'GET', uri: 'https://api.example.org/', body: null, headers: {}, ...request },
          response: { status: { code: 200, message: 'OK' }, headers: {}, body: { string: '' }, ...response },
        },
      ],
      version: 1,
    },
  };
}
