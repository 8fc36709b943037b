import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  assertValidName,
  type Cassette,
  type CassetteEntry,
  type CassetteStore,
  type CodecStyle,
  contentDigest,
  createError,
  isCassetteError,
  isValidName,
  type StoredCassette,
  type WriteOptions,
} from '@cassettekit/core';
import { type CacheEntry, ObjectCache } from './cache.js';
import { type CassetteCodec, type CodecName, codecFor } from './codec.js';
import {
  isConflict,
  isNoSuchBucket,
  isNotFound,
  isNotModified,
  isUnreachable,
  networkCodeOf,
  type S3Target,
  s3Error,
} from './errors.js';

/** Object metadata (`x-amz-meta-*`) written with every cassette. */
export const METADATA = {
  /** The content digest (`sha256:...`), equal in every backend: "skip unchanged" needs no download. */
  digest: 'cassette-digest',
  /** The codec style the object was written in, as JSON (`{"codec":"yaml","dumper":"libyaml",...}`). */
  style: 'cassette-style',
  /** `yaml` or `json`. */
  codec: 'cassette-codec',
} as const;

/** Bodies above this size go up as a multipart upload (still conditional). */
const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
const PART_SIZE = 8 * 1024 * 1024;

export interface S3StoreOptions {
  readonly bucket: string;
  /** Key prefix; a `/` is added when missing (`cassettes` -> `cassettes/NAME.yaml`). Default: none. */
  readonly prefix?: string;
  /** Shown in errors (default `s3://BUCKET/PREFIX`). */
  readonly url?: string;
  /** Default: `AWS_REGION`, the profile's region, or `us-east-1` with a custom endpoint. */
  readonly region?: string;
  /** Default: `CASSETTE_S3_ENDPOINT`, `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, else AWS. */
  readonly endpoint?: string;
  /** Default: true with a custom endpoint (MinIO, moto), false for AWS. */
  readonly forcePathStyle?: boolean;
  /** Default: the standard AWS chain (`AWS_PROFILE`, `AWS_ACCESS_KEY_ID`, SSO, instance roles, ...). */
  readonly credentials?: S3ClientConfig['credentials'];
  /** File format of the objects: `yaml` (default, what vcrpy reads) or `json`. */
  readonly format?: CodecName;
  /** `gzip` writes `NAME.yaml.gz` with a gzip body. */
  readonly compress?: 'gzip' | 'none';
  /** Local read-through cache directory (default: `CASSETTE_CACHE_DIR`, else no cache). */
  readonly cacheDir?: string;
  /**
   * With a cache: a `get` within this many milliseconds of a `list()` that reported the cached ETag is
   * served from the cache without a request — the listing already revalidated it (the check
   * `aws s3 sync` makes). It reads the cassette as of that listing: a later write by another process
   * is seen by the next listing, and a compare-and-swap against the old version still fails.
   * Default 30 s; 0 revalidates every `get` with a conditional GET.
   */
  readonly listingMaxAgeMs?: number;
  /** Create the bucket when it does not exist (a migration's destination). Default false. */
  readonly create?: boolean;
  /** Check the bucket when opening (one ListObjectsV2 of one key). Default true. */
  readonly check?: boolean;
  /** Attempts per request, retried with the SDK's standard backoff (throttling, 5xx, network). Default 4. */
  readonly maxAttempts?: number;
  /** Milliseconds to establish a connection. Default 5000. */
  readonly connectionTimeoutMs?: number;
  /** Milliseconds one request (one attempt) may take before it fails and is retried. Default 120000. */
  readonly requestTimeoutMs?: number;
  /** A client of your own (then region, endpoint, credentials, retries and timeouts are yours). */
  readonly client?: S3Client;
  /** Where warnings go (a cached copy served while offline). Default: one line on stderr. */
  readonly warn?: (message: string) => void;
  /** Environment to read (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

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
  const bucket = options.bucket;
  const prefix = normalizePrefix(options.prefix ?? '');
  const url = options.url ?? `s3://${bucket}/${prefix}`;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw createError('INVALID_URL', `"${bucket}" is not a valid S3 bucket name`, {
      store: url,
      hint: 'Write the URL as s3://BUCKET/PREFIX (bucket names are 3-63 lowercase letters, digits, dots and dashes)',
    });
  }
  const format: CodecName = options.format ?? 'yaml';
  const codec: CassetteCodec = codecFor(format);
  const gzip = options.compress === 'gzip';
  const extension = `${codec.extensions[0]}${gzip ? '.gz' : ''}`;
  const endpoint =
    options.endpoint ??
    nonEmpty(env.CASSETTE_S3_ENDPOINT) ??
    nonEmpty(env.AWS_ENDPOINT_URL_S3) ??
    nonEmpty(env.AWS_ENDPOINT_URL);
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  const ownClient = options.client === undefined;
  const region = options.region ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  const client =
    options.client ??
    new S3Client({
      ...(region !== undefined ? { region } : endpoint !== undefined ? { region: 'us-east-1' } : {}),
      ...(endpoint !== undefined ? { endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? endpoint !== undefined,
      ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
      maxAttempts: options.maxAttempts ?? 4,
      retryMode: 'standard',
      followRegionRedirects: true,
      requestHandler: {
        connectionTimeout: options.connectionTimeoutMs ?? 5_000,
        requestTimeout: options.requestTimeoutMs ?? 120_000,
        // Without it the SDK only logs a warning when a request runs out of time.
        throwOnRequestTimeout: true,
      },
    });
  const cacheRoot = options.cacheDir ?? nonEmpty(env.CASSETTE_CACHE_DIR);
  const cache =
    cacheRoot === undefined
      ? undefined
      : new ObjectCache(cacheRoot, `${endpoint ?? 'aws'}|${bucket}|${prefix}|${extension}`);
  const listingMaxAge = options.listingMaxAgeMs ?? DEFAULT_LISTING_MAX_AGE_MS;
  const listed = new Map<string, { etag: string; at: number }>();
  let closed = false;

  const keyOf = (name: string): string => `${prefix}${name}${extension}`;
  const target = (name?: string): S3Target => ({
    store: url,
    bucket,
    ...(name === undefined ? {} : { key: keyOf(name), cassette: name }),
    ...(endpoint === undefined ? {} : { endpoint }),
  });
  const ensureOpen = (): void => {
    if (closed) throw createError('CLOSED', 'the store is closed', { store: url });
  };

  const decode = (body: Buffer, name: string): Cassette => {
    let bytes = body;
    if (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) {
      try {
        bytes = gunzipSync(body);
      } catch (cause) {
        throw createError('INVALID_CASSETTE', `s3://${bucket}/${keyOf(name)} is not a valid gzip file`, {
          store: url,
          cassette: name,
          cause,
        });
      }
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (cause) {
      throw createError('INVALID_CASSETTE', `s3://${bucket}/${keyOf(name)} is not UTF-8 text`, {
        store: url,
        cassette: name,
        cause,
      });
    }
    try {
      return codec.decode(text, { store: url, cassette: name });
    } catch (cause) {
      if (isCassetteError(cause)) throw cause;
      throw createError('INVALID_CASSETTE', `s3://${bucket}/${keyOf(name)} cannot be read as ${format}`, {
        store: url,
        cassette: name,
        cause,
      });
    }
  };

  const fromCache = async (name: string, entry: CacheEntry): Promise<Cassette> =>
    entry.cassette ?? decode(entry.body, name);

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
      await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }));
    } catch (error) {
      if (isNoSuchBucket(error) && options.create === true) {
        try {
          await createBucket(client, bucket, await client.config.region(), target());
        } catch (created) {
          if (ownClient) client.destroy();
          throw created;
        }
      } else if (cache !== undefined && isUnreachable(error)) {
        warn(
          `[cassette] [${url}] cannot reach ${endpoint ?? 'S3'} (${networkCodeOf(error) ?? String(error)}); cached cassettes will be served`,
        );
      } else {
        if (ownClient) client.destroy();
        throw s3Error(error, target(), 'opening');
      }
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
            if (key === undefined || !key.endsWith(extension) || object.ETag === undefined) continue;
            const name = key.slice(prefix.length, key.length - extension.length);
            if (!isValidName(name)) continue;
            entries.push({
              name,
              version: object.ETag,
              ...(object.Size === undefined ? {} : { size: object.Size }),
              ...(object.LastModified === undefined ? {} : { updatedAt: object.LastModified }),
            });
            listed.set(name, { etag: object.ETag, at });
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
      if (cached !== null && listingMaxAge > 0) {
        const seen = listed.get(name);
        if (seen !== undefined && seen.etag === cached.etag && Date.now() - seen.at <= listingMaxAge) {
          return { cassette: await fromCache(name, cached), version: cached.etag };
        }
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
          return { cassette: await fromCache(name, cached), version: cached.etag };
        }
        if (isNotFound(error)) {
          if (cached !== null) await cache?.remove(key);
          return null;
        }
        if (cached !== null && isUnreachable(error)) {
          warn(
            `[cassette] [${url}] ${name}: cannot reach ${endpoint ?? 'S3'} (${networkCodeOf(error) ?? String(error)}); serving the cached copy (version ${cached.etag}) from ${cache?.dir}`,
          );
          return { cassette: await fromCache(name, cached), version: cached.etag };
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
      const key = keyOf(name);
      const digest = contentDigest(cassette.data);
      // The codec writes the original text back while the data is unchanged; with the digest already
      // computed for the metadata, that check costs nothing here.
      const original = cassette.format?.original;
      const text =
        original !== undefined && original.codec === format && original.digest === digest
          ? original.text
          : codec.encode(cassette);
      const plain = Buffer.from(text, 'utf8');
      const body = gzip ? gzipSync(plain) : plain;
      const style = writtenStyle(cassette, codec, format);
      const params = {
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: gzip ? 'application/gzip' : format === 'yaml' ? 'application/yaml' : 'application/json',
        Metadata: {
          [METADATA.digest]: digest,
          [METADATA.codec]: format,
          ...(style === undefined ? {} : { [METADATA.style]: asciiJson(style) }),
        },
        ...(writeOptions.ifVersion === null ? { IfNoneMatch: '*' } : {}),
        ...(typeof writeOptions.ifVersion === 'string' ? { IfMatch: writeOptions.ifVersion } : {}),
      };
      let etag: string | undefined;
      try {
        if (body.length > MULTIPART_THRESHOLD) {
          if (writeOptions.ifVersion !== undefined) {
            // If-Match / If-None-Match on CompleteMultipartUpload are atomic on AWS; some services
            // (moto) ignore them, so check first as well: that catches a stale version (or an
            // existing object for create-only) everywhere, leaving only a short race on those services.
            const head = await client
              .send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
              .catch((error: unknown) => {
                if (isNotFound(error)) return null;
                throw error;
              });
            if ((head?.ETag ?? null) !== writeOptions.ifVersion) {
              throw conflict(
                url,
                name,
                writeOptions.ifVersion,
                `s3://${bucket}/${key}`,
                undefined,
                head?.ETag ?? null,
              );
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
        listed.delete(name);
        if (isConflict(error) || (typeof writeOptions.ifVersion === 'string' && isNotFound(error))) {
          throw conflict(url, name, writeOptions.ifVersion, `s3://${bucket}/${key}`, error);
        }
        throw s3Error(error, target(name), 'writing');
      }
      listed.delete(name);
      if (etag === undefined) {
        throw createError('UNAVAILABLE', `s3://${bucket}/${key}: the service returned no ETag`, {
          store: url,
          cassette: name,
          hint: 'The S3-compatible service must return ETags',
        });
      }
      if (cache !== undefined) await writeCache(key, etag, body, cassette);
      return { version: etag };
    },

    async delete(name, writeOptions: WriteOptions = {}) {
      ensureOpen();
      assertValidName(name, url);
      const key = keyOf(name);
      listed.delete(name);
      let current: string | null;
      try {
        current = (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ETag ?? null;
      } catch (error) {
        if (!isNotFound(error)) throw s3Error(error, target(name), 'deleting');
        current = null;
      }
      const expected = writeOptions.ifVersion;
      if (expected !== undefined && expected !== current) {
        throw conflict(url, name, expected, `s3://${bucket}/${key}`, undefined, current);
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
          throw conflict(url, name, expected, `s3://${bucket}/${key}`, error);
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

/** How long a listing counts as revalidating the cached cassettes it reports (see listingMaxAgeMs). */
const DEFAULT_LISTING_MAX_AGE_MS = 30_000;

function conflict(
  store: string,
  cassette: string,
  expected: string | null | undefined,
  where: string,
  cause?: unknown,
  current?: string | null,
) {
  const message =
    expected === null
      ? `it already exists (${where}; ifVersion: null asks for a new cassette)`
      : current === null
        ? `it no longer exists (${where}; expected version ${expected})`
        : `it was changed by someone else (${where}; expected version ${expected}${current === undefined ? '' : `, found ${current}`})`;
  return createError('CONFLICT', message, { store, cassette, cause, hint: 'Read it again and retry' });
}

async function createBucket(client: S3Client, bucket: string, region: string | undefined, target: S3Target) {
  try {
    await client.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === undefined || region === 'us-east-1'
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
  } catch (error) {
    const code = (error as { name?: string }).name;
    if (code === 'BucketAlreadyOwnedByYou') return;
    throw s3Error(error, target, 'creating the bucket');
  }
}

/**
 * The style the object is written in, for its metadata: the cassette's own style of this codec, none
 * when the codec keeps the cassette's original text (no style reproduces it), else the codec's default.
 */
function writtenStyle(cassette: Cassette, codec: CassetteCodec, format: CodecName): CodecStyle | undefined {
  const own = cassette.format?.style;
  if (own !== undefined && own.codec === format) return own;
  if (cassette.format?.original?.codec === format) return undefined;
  return codec.defaultStyle;
}

function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Metadata travels in HTTP headers: JSON with every non-ASCII character escaped. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
