import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
} from '@aws-sdk/client-s3';
import type { CassetteData } from '@cassettekit/core';
import type { StoreBackdoor } from '@cassettekit/store-test-suite';
import { inject } from 'vitest';
import { codecFor, createS3Store, type S3Store, type S3StoreOptions } from '../src/index.js';

export const credentials = {
  accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'testing',
  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'testing',
};

export function endpoint(): string {
  return inject('s3Endpoint');
}

/** A plain SDK client: the back door, not the store under test. */
export function plainClient(): S3Client {
  return new S3Client({ endpoint: endpoint(), forcePathStyle: true, region: 'us-east-1', credentials });
}

export function uniqueName(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

export async function createBucket(client: S3Client, label = 'cassettes'): Promise<string> {
  const bucket = uniqueName(label);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

export function openStore(options: Partial<S3StoreOptions> & { bucket: string }): Promise<S3Store> {
  return createS3Store({ endpoint: endpoint(), region: 'us-east-1', credentials, ...options });
}

export async function readObject(client: S3Client, bucket: string, key: string): Promise<Buffer | null> {
  try {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await response.Body!.transformToByteArray());
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return null;
    throw error;
  }
}

export async function listKeys(client: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
    for (const o of page.Contents ?? []) keys.push(o.Key!);
  }
  return keys;
}

export async function emptyPrefix(client: S3Client, bucket: string, prefix: string): Promise<void> {
  const keys = await listKeys(client, bucket, prefix);
  for (let i = 0; i < keys.length; i += 1000) {
    await client.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })) },
      }),
    );
  }
}

/** Reads and damages objects with a plain client, decoding them with the codec. */
export function s3Backdoor(client: S3Client, store: S3Store): StoreBackdoor {
  const format = store.extension.startsWith('.json') ? 'json' : 'yaml';
  const codec = codecFor(format);
  return {
    async read(name) {
      const body = await readObject(client, store.bucket, store.keyOf(name));
      if (body === null) return null;
      const text = (store.extension.endsWith('.gz') ? gunzipSync(body) : body).toString('utf8');
      return codec.decode(text, { store: 'backdoor', cassette: name }).data as CassetteData;
    },
    async names() {
      const keys = await listKeys(client, store.bucket, store.prefix);
      return keys.map((k) => k.slice(store.prefix.length, k.length - store.extension.length));
    },
    async corrupt(name) {
      await client.send(
        new PutObjectCommand({
          Bucket: store.bucket,
          Key: store.keyOf(name),
          Body: '{ this: [is not, a cassette',
        }),
      );
    },
  };
}

/** One SDK call as the store made it: command, whether it was conditional, and the HTTP status. */
export interface RecordedCall {
  command: string;
  conditional: boolean;
  status: number | undefined;
}

/** Records every command a client sends (one entry per command, retries not counted). */
export function recordCalls(client: S3Client): RecordedCall[] {
  const calls: RecordedCall[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { IfNoneMatch?: string; IfMatch?: string };
      const call: RecordedCall = {
        command: context.commandName ?? '?',
        conditional: input.IfNoneMatch !== undefined || input.IfMatch !== undefined,
        status: undefined,
      };
      calls.push(call);
      try {
        const result = await next(args);
        call.status = (
          result.output as { $metadata?: { httpStatusCode?: number } }
        ).$metadata?.httpStatusCode;
        return result;
      } catch (error) {
        call.status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        throw error;
      }
    },
    { step: 'initialize', name: 'cassetteTestRecorder' },
  );
  return calls;
}
