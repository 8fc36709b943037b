import { createServer, type Socket } from 'node:net';
import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { type CassetteError, isCassetteError, parseStoreUrl } from '@cassettekit/core';
import { small } from '@cassettekit/store-test-suite';
import { freePort, provideS3Server, startMoto } from '@cassettekit/store-test-suite/s3-server';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { s3Error } from '../src/errors.js';
import { s3Driver, s3OptionsFromUrl } from '../src/index.js';
import { endpoint, openStore, plainClient, uniqueName } from './helpers.js';

async function failure(promise: Promise<unknown>): Promise<CassetteError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isCassetteError(error), String(error)).toBe(true);
  return error as CassetteError;
}

const client = plainClient();
afterAll(() => client.destroy());

describe('bad inputs fail with errors that name bucket, key and cause', () => {
  it('a missing bucket: NOT_FOUND on open, saying how to create it', async () => {
    const bucket = uniqueName('missing');
    const error = await failure(openStore({ bucket, prefix: 'p' }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain(`s3://${bucket}`);
    expect(error.message).toContain('does not exist');
    expect(error.message).toContain('NoSuchBucket');
    expect(error.message).toContain(`aws s3 mb s3://${bucket}`);
  });

  it('a missing bucket is not created by create: true (a store is a prefix; a bucket is infrastructure)', async () => {
    const bucket = uniqueName('uncreated');
    const url = `s3://${bucket}/dest?endpoint=${encodeURIComponent(endpoint())}&region=us-east-1`;
    const error = await failure(s3Driver.open(parseStoreUrl(url), { create: true }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain(`bucket "${bucket}" does not exist`);
    expect(error.message).toContain('createBucket=true');
    const buckets = (await client.send(new ListBucketsCommand({}))).Buckets ?? [];
    expect(buckets.map((b) => b.Name)).not.toContain(bucket);
  });

  it('a missing bucket with ?createBucket=true is created', async () => {
    const bucket = uniqueName('created');
    const url = `s3://${bucket}/dest?endpoint=${encodeURIComponent(endpoint())}&region=us-east-1`;
    const store = await s3Driver.open(parseStoreUrl(`${url}&createBucket=true`), { create: true });
    try {
      await store.put('x', small('made'));
      expect((await store.get('x'))?.version).toMatch(/^"/);
      // Opening again (the bucket exists now) is fine either way.
      await (await s3Driver.open(parseStoreUrl(url), {})).close();
    } finally {
      await store.close();
    }
    // Read-only never creates anything.
    const other = uniqueName('readonly');
    const readOnly = await failure(
      s3Driver.open(
        parseStoreUrl(`s3://${other}/p?endpoint=${encodeURIComponent(endpoint())}&createBucket=true`),
        { readOnly: true },
      ),
    );
    expect(readOnly.code).toBe('NOT_FOUND');
  });

  it('a closed port: UNAVAILABLE naming the endpoint and ECONNREFUSED', async () => {
    const port = await freePort();
    const error = await failure(
      openStore({ bucket: 'some-bucket', endpoint: `http://127.0.0.1:${port}`, maxAttempts: 2 }),
    );
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain(`http://127.0.0.1:${port}`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('some-bucket');
  });

  it('a server that never answers: UNAVAILABLE after the request timeout (ETIMEDOUT)', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const error = await failure(
        openStore({
          bucket: 'slow-bucket',
          endpoint: `http://127.0.0.1:${port}`,
          maxAttempts: 2,
          requestTimeoutMs: 300,
        }),
      );
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.message).toContain('ETIMEDOUT');
      expect(error.message).toContain('slow-bucket');
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('wrong credentials: PERMISSION_DENIED (moto checks them with INITIAL_NO_AUTH_ACTION_COUNT=0)', async () => {
    const python = inject('motoPython');
    // moto accepts any credentials unless started with INITIAL_NO_AUTH_ACTION_COUNT; a server given in
    // the environment (MinIO, AWS) checks them anyway.
    const server = python
      ? await startMoto(python, { env: { INITIAL_NO_AUTH_ACTION_COUNT: '0' } })
      : await provideS3Server();
    try {
      const error = await failure(
        openStore({
          bucket: 'locked-bucket',
          prefix: 'p',
          endpoint: server.endpoint,
          credentials: { accessKeyId: 'AKIAWRONGWRONGWRONG', secretAccessKey: 'wrong' },
        }),
      );
      expect(error.code).toBe('PERMISSION_DENIED');
      expect(error.message).toContain('s3://locked-bucket');
      expect(error.message).toMatch(/InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied/);
      expect(error.message).toContain('AWS_ACCESS_KEY_ID');
    } finally {
      await server.stop();
    }
  });

  it('invalid URLs: INVALID_URL before any request', async () => {
    for (const url of [
      's3://',
      's3:bucket/prefix',
      's3:///prefix',
      's3://bucket/a//b',
      's3://bucket/p?format=xml',
      's3://bucket/p?compress=zip',
      's3://bucket/p?colour=blue',
      's3://bucket/p?endpoint=localhost:9000',
      's3://Not_A_Bucket/p',
    ]) {
      const error = await failure(s3Driver.open(parseStoreUrl(url), {}));
      expect(error.code, url).toBe('INVALID_URL');
      expect(error.message).toContain('s3://');
    }
  });

  it('reads every URL option', () => {
    const options = s3OptionsFromUrl(
      parseStoreUrl(
        's3://my-bucket/team/cassettes?region=eu-west-1&endpoint=http://127.0.0.1:9000&forcePathStyle=false&format=json&compress=gzip&cache=.c&listingMaxAge=30&createBucket=true',
      ),
    );
    expect(options).toMatchObject({
      bucket: 'my-bucket',
      prefix: 'team/cassettes',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: false,
      format: 'json',
      compress: 'gzip',
      cacheDir: '.c',
      listingMaxAgeMs: 30_000,
      create: true,
    });
  });

  it('CASSETTE_S3_ENDPOINT supplies the endpoint (with path-style addressing)', async () => {
    const bucket = uniqueName('envendpoint');
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const viaEnv = await openStore({
      bucket,
      endpoint: undefined,
      env: { CASSETTE_S3_ENDPOINT: endpoint() },
    });
    expect(viaEnv.endpoint).toBe(endpoint());
    await viaEnv.put('e', small('x'));
    await viaEnv.close();
    const saved = process.env.CASSETTE_S3_ENDPOINT;
    process.env.CASSETTE_S3_ENDPOINT = endpoint();
    try {
      const store = await s3Driver.open(parseStoreUrl(`s3://${bucket}?region=us-east-1`), {});
      expect((await store.get('e'))?.version).toMatch(/^"/);
      await store.close();
    } finally {
      if (saved === undefined) delete process.env.CASSETTE_S3_ENDPOINT;
      else process.env.CASSETTE_S3_ENDPOINT = saved;
    }
  });

  it('maps what moto cannot produce: wrong region, access denied, expired credentials, throttling', () => {
    const target = { store: 's3://b/p', bucket: 'b', key: 'p/x.yaml', cassette: 'x' };
    const sdk = (name: string, status: number, headers: Record<string, string> = {}) =>
      Object.assign(new Error(`${name} message`), {
        name,
        $metadata: { httpStatusCode: status },
        $response: { headers },
      });
    const cases: [unknown, string, RegExp][] = [
      [
        sdk('PermanentRedirect', 301, { 'x-amz-bucket-region': 'eu-west-2' }),
        'UNAVAILABLE',
        /another region \(eu-west-2\).*region=eu-west-2/,
      ],
      [sdk('AuthorizationHeaderMalformed', 400), 'UNAVAILABLE', /another region.*region=/],
      [sdk('AccessDenied', 403), 'PERMISSION_DENIED', /access denied.*s3:GetObject/],
      [sdk('ExpiredToken', 400), 'PERMISSION_DENIED', /expired.*aws sso login/],
      [sdk('SignatureDoesNotMatch', 403), 'PERMISSION_DENIED', /refused.*AWS_SECRET_ACCESS_KEY/],
      [sdk('SlowDown', 503), 'UNAVAILABLE', /retried with backoff/],
      [sdk('ConditionalRequestConflict', 409), 'CONFLICT', /changed by someone else/],
      [sdk('PreconditionFailed', 412), 'CONFLICT', /changed by someone else/],
      [
        Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError' }),
        'PERMISSION_DENIED',
        /no AWS credentials.*AWS_PROFILE/,
      ],
    ];
    for (const [error, code, pattern] of cases) {
      const mapped = s3Error(error, target, 'reading');
      expect(mapped.code, String(error)).toBe(code);
      expect(mapped.message).toMatch(pattern);
      expect(mapped.message).toContain('s3://b');
      expect(mapped.cause).toBe(error);
      if (code !== 'CONFLICT') expect(mapped.message).toContain('s3://b/p/x.yaml');
    }
  });
});
