import { createHash } from 'node:crypto';
import {
  brotliCompressSync,
  brotliDecompressSync,
  deflateRawSync,
  deflateSync,
  gunzipSync,
  gzipSync,
  inflateSync,
} from 'node:zlib';
import { type Cassette, contentDigest, type ValueMap } from '@cassettekit/core';
import { describe, expect, it } from 'vitest';
import {
  fingerprintOf,
  isPlaceholder,
  maskSecret,
  parseAllowList,
  redactCassette,
  scanCassette,
} from '../src/index.js';
import { oneInteraction as cassette, S } from './plant.js';

const rules = (c: Cassette, options = {}) => scanCassette(c, options).map((f) => `${f.location} ${f.rule}`);

describe('placeholders are not findings', () => {
  it.each([
    'XXX',
    'xxxxxxxx',
    '<REDACTED>',
    '[FILTERED]',
    '****',
    '********',
    'DUMMY',
    'dummy-key',
    'fake',
    'fake_token_123',
    'test',
    'test-api-key',
    'sk-test-key',
    'placeholder',
    'your-api-key',
    'YOUR_OPENAI_API_KEY',
    'your_token_here',
    'Bearer XXX',
    'Bearer <token>',
    'Basic ****',
    'AUTHORIZATION-XXX',
    'X-GOOG-API-KEY-XXX',
    'SET-COOKIE-XXX',
    'COOKIE-XXX',
    '000000000000',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style placeholder, not a template
    '${API_KEY}',
    '{{ api_key }}',
    'REDACTED',
    'sk-proj-REDACTED',
    'my-secret-token',
    'none',
    'changeme',
    '',
  ])('%j', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it.each([
    S.openai,
    S.anthropic,
    S.bearer,
    `Bearer ${S.bearer}`,
    S.password,
    'hunter2hunter2',
    'key-3ax6xnjp29jd6fds4gc373sgvjxteol0', // Mailgun-style key: "key" alone does not make a placeholder
  ])('not %j', (value) => {
    expect(isPlaceholder(value)).toBe(false);
  });

  it('crewAI-style masked headers produce no findings, in any case of header name', () => {
    const c = cassette(
      {
        headers: {
          Authorization: ['AUTHORIZATION-XXX'],
          'X-API-KEY': ['X-API-KEY-XXX'],
          'x-goog-api-key': ['X-GOOG-API-KEY-XXX'],
          Cookie: ['COOKIE-XXX'],
        },
      },
      { headers: { 'Set-Cookie': ['SET-COOKIE-XXX'], 'openai-organization': ['OPENAI-ORG-XXX'] } },
    );
    expect(scanCassette(c, { identifiers: true })).toEqual([]);
  });

  it('extra placeholders can be given', () => {
    const c = cassette({ headers: { authorization: ['Bearer not-a-real-one-42'] } });
    expect(rules(c)).toEqual(['request.headers.authorization[0] authorization']);
    expect(scanCassette(c, { placeholders: ['not-a-real-one-42'] })).toEqual([]);
  });
});

describe('rules', () => {
  it('header names match case-insensitively; the auth scheme is kept out of the secret', () => {
    const c = cassette({
      headers: { AUTHORIZATION: [`token ${S.bearer}`], 'X-API-KEY': S.bearer, 'Api-Key': [S.bearer] },
    });
    const findings = scanCassette(c);
    expect(findings.map((f) => f.location)).toEqual([
      'request.headers.AUTHORIZATION[0]',
      'request.headers.X-API-KEY',
      'request.headers.Api-Key[0]',
    ]);
    const redacted = redactCassette(c).cassette;
    expect((redacted.data.interactions as ValueMap[])[0]!.request).toMatchObject({
      headers: { AUTHORIZATION: ['token REDACTED'], 'X-API-KEY': 'REDACTED', 'Api-Key': ['REDACTED'] },
    });
  });

  it('cookies: session cookies are secrets, CDN and tracking cookies are not', () => {
    const c = cassette(
      { headers: { Cookie: ['__cf_bm=abc.def-1-1.0.1.1-xyz; _cfuvid=q.w-1-0.0.1.1-604800000'] } },
      {
        headers: {
          'set-cookie': [
            `__cf_bm=${S.session}; path=/`,
            `guest_id=v1%3A173; Max-Age=34190000`,
            `JSESSIONID=${S.session}; Path=/; Secure`,
          ],
        },
      },
    );
    expect(rules(c)).toEqual(['response.headers.set-cookie[2] (cookie: JSESSIONID) cookie']);
    expect(rules(c, { benignCookies: [] })).toHaveLength(5);
  });

  it('account and project ids are reported only with identifiers: true', () => {
    const c = cassette(
      {},
      { headers: { 'openai-organization': ['acme-1a2b3c'], 'openai-project': ['proj_aB3cD5eF7gH9iJkLmN'] } },
    );
    expect(scanCassette(c)).toEqual([]);
    expect(rules(c, { identifiers: true })).toEqual([
      'response.headers.openai-organization[0] account-id-header',
      'response.headers.openai-project[0] account-id-header',
    ]);
    expect(redactCassette(c).changed).toBe(false);
    expect(redactCassette(c, { identifiers: true }).changed).toBe(true);
  });

  it('publishable keys (PostHog phc_, Stripe pk_) are not secrets', () => {
    const c = cassette({
      headers: { 'content-type': ['application/json'] },
      body: JSON.stringify({ api_key: `phc_${S.bearer}`, key2: `pk_live_${S.bearer}` }),
    });
    expect(scanCassette(c)).toEqual([]);
  });

  it('JSON: keys in any case style, nested paths, placeholders and non-string values skipped', () => {
    const body = JSON.stringify({
      data: [{ user: { accessToken: S.bearer, 'Client-Secret': S.clientSecret } }],
      password: { type: 'string' },
      refresh_token: 'XXX',
      token: 'Hello', // LLM log-probability tokens are not secrets
      max_tokens: 100,
    });
    const c = cassette({ body, headers: { 'Content-Type': ['application/json'] } });
    expect(rules(c)).toEqual([
      'request.body (json: $.data[0].user.accessToken) token-field',
      'request.body (json: $.data[0].user["Client-Secret"]) client-secret',
    ]);
  });

  it('server-sent events and other JSON-ish text fall back to "key": "value" pairs', () => {
    const body = `data: {"type":"session","access_token":"${S.bearer}"}\n\ndata: [DONE]\n`;
    const c = cassette({}, { body: { string: body }, headers: { 'content-type': ['text/event-stream'] } });
    expect(rules(c)).toEqual([]); // not JSON-typed, not starting with {: patterns only
    const json = cassette({}, { body: { string: body }, headers: { 'content-type': ['application/json'] } });
    expect(rules(json)).toEqual(['response.body (json: $..access_token) token-field']);
  });

  it('deflate, raw deflate and br bodies are decoded, redacted and re-encoded', () => {
    for (const [coding, pack] of [
      ['deflate', deflateSync],
      ['deflate', deflateRawSync],
      ['br', brotliCompressSync],
    ] as const) {
      const text = `{"note": "${S.githubClassic}"}`;
      const c = cassette(
        {},
        {
          headers: { 'Content-Encoding': [coding] },
          body: { string: new Uint8Array(pack(Buffer.from(text))) },
        },
      );
      expect(rules(c)).toEqual([
        `response.body (${coding === 'deflate' && pack === deflateRawSync ? 'deflate-raw' : coding}, text) github-token`,
      ]);
      const out = redactCassette(c).cassette;
      expect(scanCassette(out)).toEqual([]);
      const bytes = ((out.data.interactions as ValueMap[])[0]!.response as { body: { string: Uint8Array } })
        .body.string;
      expect(bytes).toBeInstanceOf(Uint8Array);
      if (pack === deflateSync) expect(inflateSync(bytes).toString()).toBe('{"note": "REDACTED"}');
    }
  });

  it('a gzip header on a body that is not gzip (vcrpy decode_compressed_response) reads it as it is', () => {
    const c = cassette(
      {},
      { headers: { 'Content-Encoding': ['gzip'] }, body: { string: `token ${S.githubClassic}` } },
    );
    expect(rules(c)).toEqual(['response.body (text) github-token']);
    expect(gunzipSync).toBeDefined();
  });

  it('binary bodies (protobuf, gRPC) are searched for key patterns; a redaction keeps every length', () => {
    // An OTLP-like protobuf message: length-prefixed fields around a pasted key.
    const key = Buffer.from(S.githubClassic);
    const bytes = new Uint8Array([0x0a, 0xff, 0x80, 0x12, key.length, ...key, 0x1a, 0x02, 0xfe, 0xff]);
    const c = cassette({}, { body: { string: bytes } });
    expect(rules(c)).toEqual(['response.body (binary, text) github-token']);
    const out = redactCassette(c).cassette;
    const redacted = ((out.data.interactions as ValueMap[])[0]!.response as { body: { string: Uint8Array } })
      .body.string;
    expect(redacted).toEqual(
      new Uint8Array([
        0x0a,
        0xff,
        0x80,
        0x12,
        key.length,
        ...Buffer.from('X'.repeat(key.length)),
        0x1a,
        0x02,
        0xfe,
        0xff,
      ]),
    );
    expect(scanCassette(out)).toEqual([]);
  });

  it('gzip inside br (Content-Encoding: gzip, br) is unpacked and packed again in order', () => {
    const packed = brotliCompressSync(gzipSync(Buffer.from(`x ${S.gitlab} y`)));
    const c = cassette(
      {},
      { headers: { 'Content-Encoding': ['gzip, br'] }, body: { string: new Uint8Array(packed) } },
    );
    expect(rules(c)).toEqual(['response.body (gzip+br, text) gitlab-token']);
    const out = redactCassette(c).cassette;
    const bytes = ((out.data.interactions as ValueMap[])[0]!.response as { body: { string: Uint8Array } })
      .body.string;
    expect(gunzipSync(brotliDecompressSync(bytes)).toString()).toBe('x REDACTED y');
  });

  it('header values recorded as bytes (botocore) and the legacy "Name: value" list form', () => {
    const c = cassette(
      { headers: { 'X-Amz-Security-Token': [new Uint8Array(Buffer.from(S.awsSessionToken))] } },
      { headers: [`Set-Cookie: sid=${S.session}; Path=/\r\n`, 'Content-Type: text/plain\r\n'] },
    );
    expect(rules(c)).toEqual([
      'request.headers.X-Amz-Security-Token[0] aws-session-token',
      'response.headers[0] Set-Cookie (cookie: sid) cookie',
    ]);
    const out = redactCassette(c).cassette;
    const i = (out.data.interactions as ValueMap[])[0] as { request: ValueMap; response: ValueMap };
    expect(
      Buffer.from(
        (i.request.headers as Record<string, Uint8Array[]>)['X-Amz-Security-Token']![0]!,
      ).toString(),
    ).toBe('REDACTED');
    expect(i.response.headers).toEqual([
      'Set-Cookie: sid=REDACTED; Path=/\r\n',
      'Content-Type: text/plain\r\n',
    ]);
  });

  it('the httpx-era response `content` field is scanned too', () => {
    const c = cassette({});
    (c.data.interactions as ValueMap[])[0]!.response = {
      status_code: 200,
      headers: {},
      content: `here: ${S.stripe}`,
    };
    expect(rules(c)).toEqual(['response.body (text) stripe-key']);
  });

  it("AWS's documented example keys, hex digests and ordinary words are not reported", () => {
    const text = [
      'AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709',
      'sk-learn is a library; the risk-assessment-framework-for-large-models is long',
      'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.', // unsigned JWT
      'postgres://localhost:5432/db http://user@host/ https://host:8443/path',
    ].join('\n');
    expect(scanCassette(cassette({}, { body: { string: text } }))).toEqual([]);
  });

  it('scan and redact never change their input', () => {
    const c = cassette({
      headers: { authorization: [`Bearer ${S.bearer}`] },
      uri: `https://x.org/?token=${S.bearer}`,
    });
    const before = contentDigest(c.data);
    scanCassette(c);
    const result = redactCassette(c);
    expect(contentDigest(c.data)).toBe(before);
    expect(result.cassette).not.toBe(c);
    const clean = cassette({});
    expect(redactCassette(clean).cassette).toBe(clean);
  });
});

describe('previews and allow-lists', () => {
  it('masks: 4 + 4 characters for long values, less for short ones, PEM by its armour line', () => {
    expect(maskSecret('sk-proj-abcdefghijklmnop4f2a')).toBe('sk-p…4f2a');
    expect(maskSecret('abcdefghijkl')).toBe('abc…kl');
    expect(maskSecret('abcdefg')).toBe('a…');
    expect(maskSecret('abc')).toBe('…');
    expect(maskSecret(S.pem)).toBe('-----BEGIN RSA PRIVATE KEY-----…');
    expect(fingerprintOf('x')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('entries match by fingerprint, rule, cassette glob, location pattern, interaction, value hash', () => {
    const c = cassette({
      headers: { authorization: [`Bearer ${S.bearer}`] },
      uri: `https://x.org/?api_key=${S.apiKeyParam}`,
    });
    const all = scanCassette(c, { name: 'auth/login' });
    expect(all).toHaveLength(2);
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    const cases: [unknown, number][] = [
      [[all[0]!.fingerprint], 1],
      [{ allow: [{ rule: 'authorization' }] }, 1],
      [{ allow: [{ cassette: 'auth/*' }] }, 0],
      [{ allow: [{ cassette: 'other/**' }] }, 2],
      [{ allow: [{ location: 'request.uri*' }] }, 1],
      [{ allow: [{ interaction: 2 }] }, 2],
      [{ allow: [{ interaction: 1 }] }, 0],
      [{ allow: [{ valueSha256: sha(S.bearer), reason: 'shared test account' }] }, 1],
      [{ allow: [{ rule: 'authorization', cassette: 'nope' }] }, 2],
    ];
    for (const [json, left] of cases) {
      const allow = parseAllowList(JSON.stringify(json));
      expect(scanCassette(c, { name: 'auth/login', allow }), JSON.stringify(json)).toHaveLength(left);
    }
    // Allowed values are kept by redact too.
    const bearer = all.find((f) => f.rule === 'authorization')!;
    const allow = parseAllowList(JSON.stringify([bearer.fingerprint]));
    const out = redactCassette(c, { allow }).cassette;
    expect(JSON.stringify(out.data)).toContain(S.bearer);
  });

  it('rejects malformed allow-lists with a message naming the entry', () => {
    expect(() => parseAllowList('{')).toThrow(/not valid JSON/);
    expect(() => parseAllowList('{"x": 1}')).toThrow(/expected a list/);
    expect(() => parseAllowList('[{"rules": "jwt"}]')).toThrow(/entry 0 has unknown field "rules"/);
    expect(() => parseAllowList('[{"reason": "all"}]')).toThrow(/matches everything/);
    expect(() => parseAllowList('[3]')).toThrow(/entry 0 must be/);
  });
});
