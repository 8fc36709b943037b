import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO } from './run-cli.js';
import { client, motoEnv, type ServeProcess, startServe } from './serve-process.js';

declare module 'vitest' {
  // Provided by the s3 package's global setup (see vitest.config.ts).
  export interface ProvidedContext {
    s3Endpoint: string;
  }
}

const EXAMPLES = join(REPO, 'examples', 'cassettes');
const CORPUS_VCRPY = join(REPO, 'fixtures', 'corpus', 'vcrpy', 'kevin1024__vcrpy');
const TOKEN = 'serve-test-token';
let dir: string;
let s3env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-serve-'));
  s3env = motoEnv(inject('s3Endpoint'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const STORES = [
  ['yaml', () => `yaml:${dir}/folder`],
  ['sqlite', () => `sqlite:${dir}/one.db`],
  ['s3', () => `s3://serve-${randomBytes(4).toString('hex')}/cassettes?createBucket=true`],
] as const;

describe.each(STORES)('cassette serve over a %s store', (_kind, storeUrl) => {
  let served: ServeProcess;
  let call: ReturnType<typeof client>;
  beforeAll(async () => {
    served = await startServe([storeUrl(), '--token', TOKEN], { env: s3env });
    call = client(served.url, TOKEN);
  });
  afterAll(async () => {
    expect(await served.stop()).toBe(0);
  });

  it('listens on 127.0.0.1 and says so on the first line', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('PUT text -> 201 {version}; GET gives back the same bytes with its ETag; PUT again -> 200', async () => {
    const text = await readFile(join(EXAMPLES, 'gzip_requests.yaml'), 'utf8');
    const put = await call('/v1/cassettes/bin%2Fgzip_requests', { method: 'PUT', body: text });
    expect(put.status).toBe(201);
    const { version } = (await put.json()) as { version: string };
    expect(version).toMatch(/\S/);

    const got = await call('/v1/cassettes/bin/gzip_requests');
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe(`"${version}"`);
    expect(await got.text()).toBe(text);

    const again = await call('/v1/cassettes/bin/gzip_requests', { method: 'PUT', body: text });
    expect(again.status).toBe(200);
  });

  it('GET ?format=json is the document with bytes as {"$bytes": base64}; PUT of that form round-trips', async () => {
    const text = await readFile(join(EXAMPLES, 'twitter', 'testmediauploadpng.yaml'), 'utf8');
    expect((await call('/v1/cassettes/png', { method: 'PUT', body: text })).status).toBe(201);
    const json = await (await call('/v1/cassettes/png?format=json')).text();
    expect(json).toContain('{"$bytes":"');
    const document = JSON.parse(json) as { interactions: unknown[] };
    expect(document.interactions.length).toBeGreaterThan(0);

    const put = await call('/v1/cassettes/png-copy', {
      method: 'PUT',
      body: json,
      headers: { 'content-type': 'application/json' },
    });
    expect(put.status).toBe(201);
    expect(await (await call('/v1/cassettes/png-copy?format=json')).text()).toBe(json);
  });

  it('GET ?format=json says x-cassette-json-lossy when the text has Python tags JSON holds as plain data', async () => {
    const tuples = await readFile(
      join(CORPUS_VCRPY, 'tests__integration__test_tornado_exception_can_be_caught.yaml'),
      'utf8',
    );
    expect(tuples).toContain('!!python/tuple');
    expect((await call('/v1/cassettes/tuples', { method: 'PUT', body: tuples })).status).toBe(201);
    const lossy = await call('/v1/cassettes/tuples?format=json');
    expect(lossy.status).toBe(200);
    expect(lossy.headers.get('x-cassette-json-lossy')).toBe('python-tags');
    // The text form still has the tags, for the client to read them itself.
    expect(await (await call('/v1/cassettes/tuples')).text()).toBe(tuples);

    const plain = await readFile(join(EXAMPLES, 'twitter', 'test_client_get_me.yaml'), 'utf8');
    expect((await call('/v1/cassettes/plain', { method: 'PUT', body: plain })).status).toBe(201);
    expect((await call('/v1/cassettes/plain?format=json')).headers.get('x-cassette-json-lossy')).toBeNull();
  });

  it('If-None-Match: * and If-Match are compare-and-swap (412 on conflict)', async () => {
    const text = await readFile(join(EXAMPLES, 'twitter', 'test_client_get_me.yaml'), 'utf8');
    const first = await call('/v1/cassettes/cas', {
      method: 'PUT',
      body: text,
      headers: { 'if-none-match': '*' },
    });
    expect(first.status).toBe(201);
    const { version } = (await first.json()) as { version: string };
    const create = await call('/v1/cassettes/cas', {
      method: 'PUT',
      body: text,
      headers: { 'if-none-match': '*' },
    });
    expect(create.status).toBe(412);
    expect(await create.json()).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('cas: '),
    });

    const changed = text.replace('interactions:', 'interactions:\n# edited\n');
    const stale = await call('/v1/cassettes/cas', {
      method: 'PUT',
      body: changed,
      headers: { 'if-match': '"not-the-version"' },
    });
    expect(stale.status).toBe(412);
    const swap = await call('/v1/cassettes/cas', {
      method: 'PUT',
      body: changed,
      headers: { 'if-match': `"${version}"` },
    });
    expect(swap.status).toBe(200);
    const { version: next } = (await swap.json()) as { version: string };

    expect(
      (await call('/v1/cassettes/cas', { method: 'DELETE', headers: { 'if-match': `"${version}"` } })).status,
    ).toBe(412);
    expect(
      (await call('/v1/cassettes/cas', { method: 'DELETE', headers: { 'if-match': `"${next}"` } })).status,
    ).toBe(204);
    const gone = await call('/v1/cassettes/cas', { method: 'DELETE' });
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists {name, version, size} by prefix', async () => {
    const text = await readFile(join(EXAMPLES, 'twitter', 'test_client_get_me.yaml'), 'utf8');
    for (const name of ['listed/a', 'listed/b', 'other'])
      expect((await call(`/v1/cassettes/${name}`, { method: 'PUT', body: text })).status).toBe(201);
    const listed = (await (await call('/v1/cassettes?prefix=listed/')).json()) as {
      cassettes: { name: string; version: string; size?: number }[];
    };
    expect(listed.cassettes.map((c) => c.name)).toEqual(['listed/a', 'listed/b']);
    for (const entry of listed.cassettes) {
      expect(entry.version).toMatch(/\S/);
      expect(entry.size).toBeGreaterThan(0);
    }
  });

  it('many clients at once: 40 different writers all land, 8 racing creators have exactly one winner', async () => {
    const text = await readFile(join(EXAMPLES, 'twitter', 'test_client_get_me.yaml'), 'utf8');
    const writers = Array.from({ length: 40 }, (_, i) =>
      call(`/v1/cassettes/many/${String(i).padStart(2, '0')}`, { method: 'PUT', body: text }).then(
        (r) => r.status,
      ),
    );
    const racers = Array.from({ length: 8 }, () =>
      call('/v1/cassettes/race', { method: 'PUT', body: text, headers: { 'if-none-match': '*' } }).then(
        (r) => r.status,
      ),
    );
    expect(await Promise.all(writers)).toEqual(Array(40).fill(201));
    expect((await Promise.all(racers)).sort()).toEqual([201, ...Array(7).fill(412)]);
    const listed = (await (await call('/v1/cassettes?prefix=many/')).json()) as { cassettes: unknown[] };
    expect(listed.cassettes).toHaveLength(40);
  });
});

describe('cassette serve: errors are {"code", "message"} with the CLI codes', () => {
  let served: ServeProcess;
  let call: ReturnType<typeof client>;
  beforeAll(async () => {
    served = await startServe([`yaml:${dir}/errors`, '--token', TOKEN, '--max-body', '2000', '--json']);
    call = client(served.url, TOKEN);
  });
  afterAll(async () => {
    await served.stop();
  });

  it('--json prints {"url": ...} as the first line', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('401 without the token or with a wrong one', async () => {
    const none = await fetch(`${served.url}/v1/cassettes`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('Bearer'),
    });
    expect((await client(served.url, 'wrong')('/v1/cassettes')).status).toBe(401);
  });

  it('400 for an invalid name, with the message the CLI prints', async () => {
    const response = await call('/v1/cassettes/..%2Fescape', { method: 'PUT', body: 'interactions: []\n' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'INVALID_NAME',
      message: expect.stringMatching(/invalid cassette name "\.\.\/escape": it has a "\.\." segment/),
    });
  });

  it('413 for a body over --max-body', async () => {
    const response = await call('/v1/cassettes/big', { method: 'PUT', body: 'x'.repeat(5000) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'TOO_LARGE' });
  });

  it('422 for a broken cassette, naming the line', async () => {
    const response = await call('/v1/cassettes/broken', {
      method: 'PUT',
      body: 'interactions: [\n  - {a: 1\n',
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('INVALID_CASSETTE');
    expect(body.message).toContain('broken: invalid YAML at line');
    expect((await call('/v1/cassettes/broken')).status).toBe(404);
  });

  it('404 {"code": "NOT_FOUND"} for a missing cassette, with the hint the CLI gives', async () => {
    const response = await call('/v1/cassettes/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      code: 'NOT_FOUND',
      message: expect.stringContaining('nope: no such cassette. Run "cassette ls'),
    });
  });
});

describe('cassette serve: SIGTERM', () => {
  it('finishes a write still being uploaded, then exits 0', async () => {
    const served = await startServe([`sqlite:${dir}/signal.db`]);
    const text = await readFile(join(EXAMPLES, 'twitter', 'test_client_get_me.yaml'));
    const { request } = await import('node:http');
    const status = new Promise<number>((resolve, reject) => {
      const req = request(
        `${served.url}/v1/cassettes/in-flight`,
        { method: 'PUT', headers: { 'content-length': String(text.length) } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write(text.subarray(0, 100));
      // The rest goes out only once the server has been told to stop.
      const waitForSignal = setInterval(() => {
        if (served.stderr().includes('SIGTERM')) {
          clearInterval(waitForSignal);
          req.end(text.subarray(100));
        }
      }, 20);
      setTimeout(() => served.child.kill('SIGTERM'), 200);
    });
    expect(await status).toBe(201);
    expect(await served.stop()).toBe(0);

    const again = await startServe([`sqlite:${dir}/signal.db`]);
    const got = await fetch(`${again.url}/v1/cassettes/in-flight`);
    expect(Buffer.from(await got.arrayBuffer())).toEqual(text);
    expect(await again.stop('SIGINT')).toBe(0);
  });
});
