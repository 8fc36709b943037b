import {
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  assertValidName,
  type Cassette,
  type CassetteEntry,
  type CassetteStore,
  contentDigest,
  createError,
  isValidName,
  type StoredCassette,
  type WriteOptions,
} from '@cassettekit/core';
import { checkBucket } from './bucket.js';
import { type CacheEntry, ListingRevalidation, ObjectCache } from './cache.js';
import { codecFor } from './codec.js';
import {
  conflictError,
  isConflict,
  isNotFound,
  isNotModified,
  isUnreachable,
  networkCodeOf,
  type S3Target,
  s3Error,
} from './errors.js';
import { decodeObject, encodeObject, type ObjectFormat } from './objects.js';
import { createClient, endpointOf, locationOf, nonEmpty, type S3StoreOptions } from './options.js';

/** Bodies above this size go up as a multipart upload (still conditional). */
const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
const PART_SIZE = 8 * 1024 * 1024;

/** A cassette store on S3 (`CassetteStore`) and what it was opened with. */
export interface S3Store extends CassetteStore {
  readonly bucket: string;
  /** The key prefix, empty or ending with `/`. */
  readonly prefix: string;
  /** The object extension (`.yaml`, `.json`, `.yaml.gz`). */
  readonly extension: string;
  readonly endpoint: string | undefined;
  /** The SDK client (add middleware to observe requests). */
  readonly client: S3Client;
  /** The object key of a cassette. */
  keyOf(name: string): string;
}

/**
 * Opens a store of one object per cassette, `PREFIX/NAME.yaml`, written with the file codec so that
 * `aws s3 sync` of the prefix gives vcrpy a usable folder. `version` is the ETag; `ifVersion` becomes
 * `If-Match` / `If-None-Match: *`, so writes are compare-and-swap between processes and machines.
 */
export async function createS3Store(options: S3StoreOptions): Promise<S3Store> {
  const env = options.env ?? process.env;
  const { bucket, prefix, url } = locationOf(options);
  const format = options.format ?? 'yaml';
  const objects: ObjectFormat = { codec: codecFor(format), format, gzip: options.compress === 'gzip' };
  const extension = `${objects.codec.extensions[0]}${objects.gzip ? '.gz' : ''}`;
  const endpoint = endpointOf(options, env);
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  const ownClient = options.client === undefined;
  const client = options.client ?? createClient(options, endpoint, env);
  const cacheRoot = options.cacheDir ?? nonEmpty(env.CASSETTE_CACHE_DIR);
  const cache =
    cacheRoot === undefined
      ? undefined
      : new ObjectCache(cacheRoot, `${endpoint ?? 'aws'}|${bucket}|${prefix}|${extension}`);
  const revalidation = new ListingRevalidation(options.listingMaxAgeMs);
  const readOnly = options.readOnly === true;
  let closed = false;

  const keyOf = (name: string): string => `${prefix}${name}${extension}`;
  const target = (name?: string): S3Target => ({
    store: url,
    bucket,
    ...(name === undefined ? {} : { key: keyOf(name), cassette: name }),
    ...(endpoint === undefined ? {} : { endpoint }),
  });
  const objectTarget = (name: string) => ({ ...target(name), key: keyOf(name), cassette: name });
  const ensureOpen = (): void => {
    if (closed) throw createError('CLOSED', 'the store is closed', { store: url });
  };
  const ensureWritable = (name: string): void => {
    if (readOnly) {
      throw createError(
        'PERMISSION_DENIED',
        `the store was opened read-only: ${keyOf(name)} is not written`,
        {
          store: url,
          cassette: name,
          hint: 'Open it without readOnly to change cassettes',
        },
      );
    }
  };
  const decode = (body: Buffer, name: string): Cassette =>
    decodeObject(body, objects, { store: url, cassette: name, where: `s3://${bucket}/${keyOf(name)}` });
  const fromCache = (name: string, entry: CacheEntry): Cassette => entry.cassette ?? decode(entry.body, name);
  const writeCache = async (key: string, etag: string, body: Buffer, cassette: Cassette): Promise<void> => {
    if (cache === undefined) return;
    try {
      await cache.write({ etag, key, body, cassette });
    } catch (error) {
      warn(`[cassette] [${url}] could not write the cache in ${cache.dir}: ${String(error)}`);
    }
  };

  if (options.check !== false) {
    try {
      await checkBucket({
        client,
        target: target(),
        prefix,
        create: options.create === true && !readOnly,
        servedFromCache: cache !== undefined,
        warn,
      });
    } catch (error) {
      if (ownClient) client.destroy();
      throw error;
    }
  }

  const store: S3Store = {
    url,
    bucket,
    prefix,
    extension,
    endpoint,
    client,
    keyOf,
    capabilities: { crossProcessConditionalWrites: true, keepsFormat: true, persistent: true },

    async *list(listOptions = {}): AsyncIterable<CassetteEntry> {
      ensureOpen();
      const entries: CassetteEntry[] = [];
      const at = Date.now();
      try {
        const pages = paginateListObjectsV2(
          { client, pageSize: 1000 },
          { Bucket: bucket, Prefix: `${prefix}${listOptions.prefix ?? ''}` },
        );
        for await (const page of pages) {
          for (const object of page.Contents ?? []) {
            const key = object.Key;
            // A key ending in "/" is a folder marker (the S3 console makes them), not an object anyone wrote.
            if (key === undefined || object.ETag === undefined || key.endsWith('/')) continue;
            const name = key.endsWith(extension)
              ? key.slice(prefix.length, key.length - extension.length)
              : undefined;
            if (name === undefined || !isValidName(name)) {
              listOptions.onSkip?.({
                location: key,
                reason:
                  name === undefined
                    ? `not a cassette of this store (its objects are ${prefix}NAME${extension})`
                    : `${JSON.stringify(name)} is not a valid cassette name (an empty, "." or ".." segment, or a character names cannot hold)`,
              });
              continue;
            }
            entries.push({
              name,
              version: object.ETag,
              ...(object.Size === undefined ? {} : { size: object.Size }),
              ...(object.LastModified === undefined ? {} : { updatedAt: object.LastModified }),
            });
            revalidation.sawListed(name, object.ETag, at);
          }
        }
      } catch (error) {
        throw s3Error(error, target(), 'listing');
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      yield* entries;
    },

    async get(name): Promise<StoredCassette | null> {
      ensureOpen();
      assertValidName(name, url);
      const key = keyOf(name);
      const cached = cache === undefined ? null : await cache.read(key);
      if (cached !== null && revalidation.isFresh(name, cached.etag)) {
        return { cassette: fromCache(name, cached), version: cached.etag };
      }
      let response: GetObjectCommandOutput;
      try {
        response = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: key,
            ...(cached === null ? {} : { IfNoneMatch: cached.etag }),
          }),
        );
      } catch (error) {
        if (cached !== null && isNotModified(error)) {
          return { cassette: fromCache(name, cached), version: cached.etag };
        }
        if (isNotFound(error)) {
          if (cached !== null) await cache?.remove(key);
          return null;
        }
        if (cached !== null && isUnreachable(error)) {
          warn(
            `[cassette] [${url}] ${name}: cannot reach ${endpoint ?? 'S3'} (${networkCodeOf(error) ?? String(error)}); serving the cached copy (version ${cached.etag}) from ${cache?.dir}`,
          );
          return { cassette: fromCache(name, cached), version: cached.etag };
        }
        throw s3Error(error, target(name), 'reading');
      }
      const etag = response.ETag;
      if (etag === undefined || response.Body === undefined) {
        throw createError('UNAVAILABLE', `s3://${bucket}/${key}: the response had no ETag or no body`, {
          store: url,
          cassette: name,
          hint: 'The S3-compatible service must return ETags',
        });
      }
      let body: Buffer;
      try {
        const bytes = await response.Body.transformToByteArray();
        body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (error) {
        throw s3Error(error, target(name), 'reading');
      }
      const cassette = decode(body, name);
      await writeCache(key, etag, body, cassette);
      return { cassette, version: etag };
    },

    async put(name, cassette, writeOptions: WriteOptions = {}) {
      ensureOpen();
      assertValidName(name, url);
      ensureWritable(name);
      const key = keyOf(name);
      const expected = writeOptions.ifVersion;
      const encoded = encodeObject(cassette, contentDigest(cassette.data), objects);
      const body = encoded.body;
      const params = {
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: encoded.contentType,
        Metadata: encoded.metadata,
        ...(expected === null ? { IfNoneMatch: '*' } : {}),
        ...(typeof expected === 'string' ? { IfMatch: expected } : {}),
      };
      let etag: string | undefined;
      try {
        if (body.length > MULTIPART_THRESHOLD) {
          if (expected !== undefined) {
            // If-Match / If-None-Match on CompleteMultipartUpload are atomic on AWS; some services
            // (moto) ignore them, so check first as well: that catches a stale version (or an
            // existing object for create-only) everywhere, leaving only a short race on those services.
            const head = await client
              .send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
              .catch((error: unknown) => {
                if (isNotFound(error)) return null;
                throw error;
              });
            if ((head?.ETag ?? null) !== expected) {
              throw conflictError(objectTarget(name), expected, undefined, head?.ETag ?? null);
            }
          }
          const upload = new Upload({
            client,
            params,
            partSize: PART_SIZE,
            queueSize: 4,
            leavePartsOnError: false,
          });
          etag = (await upload.done()).ETag;
        } else {
          etag = (await client.send(new PutObjectCommand(params))).ETag;
        }
      } catch (error) {
        revalidation.forget(name);
        if (isConflict(error) || (typeof expected === 'string' && isNotFound(error))) {
          throw conflictError(objectTarget(name), expected, error);
        }
        throw s3Error(error, target(name), 'writing');
      }
      revalidation.forget(name);
      if (etag === undefined) {
        throw createError('UNAVAILABLE', `s3://${bucket}/${key}: the service returned no ETag`, {
          store: url,
          cassette: name,
          hint: 'The S3-compatible service must return ETags',
        });
      }
      await writeCache(key, etag, body, cassette);
      return { version: etag };
    },

    async delete(name, writeOptions: WriteOptions = {}) {
      ensureOpen();
      assertValidName(name, url);
      ensureWritable(name);
      const key = keyOf(name);
      revalidation.forget(name);
      let current: string | null;
      try {
        current = (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ETag ?? null;
      } catch (error) {
        if (!isNotFound(error)) throw s3Error(error, target(name), 'deleting');
        current = null;
      }
      const expected = writeOptions.ifVersion;
      if (expected !== undefined && expected !== current) {
        throw conflictError(objectTarget(name), expected, undefined, current);
      }
      if (current === null) {
        await cache?.remove(key);
        return false;
      }
      try {
        // With ifVersion, If-Match makes the delete itself conditional where the service supports it
        // (AWS, moto); on services that ignore it, the HeadObject check above still catches stale versions.
        await client.send(
          new DeleteObjectCommand({
            Bucket: bucket,
            Key: key,
            ...(typeof expected === 'string' ? { IfMatch: expected } : {}),
          }),
        );
      } catch (error) {
        if (expected !== undefined && (isConflict(error) || isNotFound(error))) {
          throw conflictError(objectTarget(name), expected, error);
        }
        throw s3Error(error, target(name), 'deleting');
      } finally {
        await cache?.remove(key);
      }
      return true;
    },

    async close() {
      if (closed) return;
      closed = true;
      if (ownClient) client.destroy();
    },
  };
  return store;
}
