import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Cassette, type CassetteData, cloneValue } from '@cassettekit/core';
import { codecFor, dialectOf, LIST_KEY } from '@cassettekit/formats';
import { describe, expect, it } from 'vitest';
import { redactCassette, scanCassette } from '../src/index.js';
import { S } from './plant.js';

const CORPUS = fileURLToPath(new URL('../../../fixtures/corpus/', import.meta.url));

/** Walks a document loosely: each test plants into its tool's fields by their documented names. */
// biome-ignore lint/suspicious/noExplicitAny: a document of any tool's shape
type Doc = any;

const AWS_BODY = `{"aws_access_key_id": "${S.awsKeyId}", "note": "planted"}`;
const BEARER = `Bearer ${S.bearer}`;

interface Case {
  /** A real cassette of the tool (fixtures/corpus). */
  readonly file: string;
  readonly dialect: string;
  /** Puts the fake credentials into the tool's own fields of a copy of the document. */
  readonly plant: (doc: Doc) => void;
  /** Where scan must say it found them (each a prefix of a finding's location). */
  readonly places: readonly string[];
}

const CASES: Case[] = [
  {
    file: 'pollyjs-har/DataDog__datadog-api-client-typescript/cassettes__v2__App-Builder_216136899__Get-App-returns-Gone-response_3390207647__recording.har',
    dialect: 'har',
    plant: (doc) => {
      const { request, response } = doc.log.entries[0];
      request.headers.push({ name: 'authorization', value: BEARER });
      request.cookies.push({ name: 'sessionid', value: S.bearer });
      request.queryString.push({ name: 'api_key', value: S.awsKeyId });
      request.postData = { mimeType: 'application/json', params: [], text: AWS_BODY };
      response.headers.push({ name: 'x-amz-security-token', value: S.awsSessionToken });
      response.redirectURL = `https://example.test/next?api_key=${S.awsKeyId}`;
      response.content = {
        encoding: 'base64',
        mimeType: 'application/json',
        size: AWS_BODY.length,
        text: Buffer.from(AWS_BODY).toString('base64'),
      };
    },
    places: [
      'request.headers[',
      'request.cookies[',
      'request.queryString[',
      'request.postData.text',
      'response.headers[',
      'response.redirectURL',
      'response.content.text',
    ],
  },
  {
    file: 'go-vcr/dnaeon__go-vcr/examples__fixtures__json-content-type.yaml',
    dialect: 'go-vcr',
    plant: (doc) => {
      const { request, response } = doc.interactions[0];
      request.headers.Authorization = [BEARER];
      request.body = AWS_BODY;
      request.form = { api_key: [S.awsKeyId] };
      response.body = AWS_BODY;
    },
    places: ['request.headers.Authorization', 'request.body', 'request.form.api_key', 'response.body'],
  },
  {
    file: 'nock-back/octokit__fixtures/scenarios__api.github.com__add-labels-to-issue__normalized-fixture.json',
    dialect: 'nock',
    plant: (doc) => {
      const def = doc[LIST_KEY][0];
      def.reqheaders = { ...(def.reqheaders ?? {}), authorization: BEARER };
      def.rawHeaders = [...(def.rawHeaders ?? []), 'x-amz-security-token', S.awsSessionToken];
      def.body.aws_access_key_id = S.awsKeyId;
      def.response.note = `key ${S.awsKeyId}`;
    },
    places: ['request.headers.authorization', 'rawHeaders[', 'body $.aws_access_key_id', 'response $.note'],
  },
  {
    file: 'ruby-vcr/slack-ruby__slack-ruby-client/spec__fixtures__slack__web__auth_test_error.yml',
    dialect: 'ruby-vcr',
    plant: (doc) => {
      const { request, response } = doc.http_interactions[0];
      request.headers.Authorization = [BEARER];
      request.body.string = AWS_BODY;
      response.body.string = AWS_BODY;
    },
    places: ['request.headers.Authorization', 'request.body', 'response.body'],
  },
  {
    file: 'ruby-vcr/octokit__octokit.rb/spec__cassettes__Octokit_Client_Apps___list_app_installations__allows_auto_pagination.json',
    dialect: 'ruby-vcr',
    plant: (doc) => {
      const { request, response } = doc.http_interactions[0];
      request.headers.Authorization = [BEARER];
      response.body = { encoding: 'ASCII-8BIT', base64_string: Buffer.from(AWS_BODY).toString('base64') };
    },
    places: ['request.headers.Authorization', 'response.body'],
  },
  {
    file: 'betamax/betamaxpy__betamax/tests__cassettes__GitHub_emojis.json',
    dialect: 'betamax',
    plant: (doc) => {
      const { request, response } = doc.http_interactions[0];
      request.headers.Authorization = [BEARER];
      response.body = { encoding: 'utf-8', base64_string: Buffer.from(AWS_BODY).toString('base64') };
    },
    places: ['request.headers.Authorization', 'response.body'],
  },
];

/** The corpus cassette with credentials planted, written as its tool writes it (its own emitter). */
function planted(c: Case): { cassette: Cassette; text: string; codec: ReturnType<typeof codecFor> } {
  const codec = codecFor(/\.ya?ml$/.test(c.file) ? 'yaml' : 'json');
  const original = codec.decode(readFileSync(CORPUS + c.file, 'utf8'), { cassette: c.file });
  const data = cloneValue(original.data) as CassetteData;
  c.plant(data as Doc);
  const changed: Cassette = { data, format: original.format! };
  const text = codec.encode(changed);
  return { cassette: codec.decode(text, { cassette: c.file }), text, codec };
}

describe.each(CASES)('$dialect: $file', (c) => {
  it('scan sees every planted credential, in its tool’s own field', () => {
    const { cassette } = planted(c);
    expect(dialectOf(cassette).name).toBe(c.dialect);
    const findings = scanCassette(cassette, { name: 'planted' });
    for (const place of c.places) {
      expect(
        findings.some((f) => f.location.startsWith(place)),
        `${place} in ${findings.map((f) => f.location).join(' | ')}`,
      ).toBe(true);
    }
    const rules = new Set(findings.map((f) => f.rule));
    expect([...rules].some((r) => r.startsWith('aws'))).toBe(true);
  });

  it('redact rewrites it as the tool writes it: only the lines that held a credential differ', () => {
    const { cassette, text, codec } = planted(c);
    const result = redactCassette(cassette, { name: 'planted' });
    expect(result.changed).toBe(true);
    const written = codec.encode(result.cassette);
    for (const secret of [S.awsKeyId, S.bearer, S.awsSessionToken]) expect(written).not.toContain(secret);
    expect(scanCassette(codec.decode(written), { name: 'redacted' })).toEqual([]);
    // Still the tool's cassette, read by its dialect.
    expect(dialectOf(codec.decode(written)).name).toBe(c.dialect);

    const before = text.split('\n');
    const after = written.split('\n');
    expect(after.length).toBe(before.length);
    const base64Body = Buffer.from(AWS_BODY).toString('base64');
    const differing = before.flatMap((line, i) => (line === after[i] ? [] : [line]));
    expect(differing.length).toBeGreaterThan(0);
    for (const line of differing) {
      const heldOne = [S.awsKeyId, S.bearer, S.awsSessionToken, base64Body].some((s) => line.includes(s));
      expect(heldOne, `a line changed that held no credential: ${line.slice(0, 200)}`).toBe(true);
    }
  });
});
