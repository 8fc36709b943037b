import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { createError } from '@cassettekit/core';
import type { CodecName } from './codec.js';

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
  /** Only read: `put` and `delete` fail with PERMISSION_DENIED, and the bucket is never created. */
  readonly readOnly?: boolean;
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

/** Where the store's objects are: bucket, key prefix and the URL errors name. */
export interface S3Location {
  readonly bucket: string;
  /** Empty or ending with `/`. */
  readonly prefix: string;
  readonly url: string;
}

/** The bucket, prefix and URL of the options; a bucket name S3 would refuse is INVALID_URL. */
export function locationOf(options: S3StoreOptions): S3Location {
  const bucket = options.bucket;
  const prefix = normalizePrefix(options.prefix ?? '');
  const url = options.url ?? `s3://${bucket}/${prefix}`;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw createError('INVALID_URL', `"${bucket}" is not a valid S3 bucket name`, {
      store: url,
      hint: 'Write the URL as s3://BUCKET/PREFIX (bucket names are 3-63 lowercase letters, digits, dots and dashes)',
    });
  }
  return { bucket, prefix, url };
}

/** The endpoint from the options or the environment; undefined means AWS itself. */
export function endpointOf(options: S3StoreOptions, env: NodeJS.ProcessEnv): string | undefined {
  return (
    options.endpoint ??
    nonEmpty(env.CASSETTE_S3_ENDPOINT) ??
    nonEmpty(env.AWS_ENDPOINT_URL_S3) ??
    nonEmpty(env.AWS_ENDPOINT_URL)
  );
}

/** The SDK client the options describe: standard retries, timeouts that fail instead of only warning. */
export function createClient(
  options: S3StoreOptions,
  endpoint: string | undefined,
  env: NodeJS.ProcessEnv,
): S3Client {
  const region = options.region ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  return new S3Client({
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
}

export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}
