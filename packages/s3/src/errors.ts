import { type CassetteError, createError, isCassetteError } from '@cassettekit/core';

/** Where an S3 call went: named in every error so one CI log line is enough to act on. */
export interface S3Target {
  readonly store: string;
  readonly bucket: string;
  readonly key?: string;
  readonly cassette?: string;
  readonly endpoint?: string;
}

interface SdkError {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  errors?: unknown[];
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string> };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
]);

function asSdk(error: unknown): SdkError {
  return typeof error === 'object' && error !== null ? (error as SdkError) : {};
}

/** The HTTP status of a failed SDK call, when there was a response. */
export function statusOf(error: unknown): number | undefined {
  return asSdk(error).$metadata?.httpStatusCode;
}

/** The S3 error code (`NoSuchKey`, `PreconditionFailed`, ...) or the SDK's error name. */
export function codeOf(error: unknown): string {
  const e = asSdk(error);
  return e.Code ?? e.name ?? 'Error';
}

/** The Node network error code (`ECONNREFUSED`, ...) of an error or of one it wraps, if any. */
export function networkCodeOf(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const visit = (value: unknown): string | undefined => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return undefined;
    seen.add(value);
    const e = value as SdkError & { cause?: unknown };
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
    if (e.name === 'TimeoutError' || e.code === 'TimeoutError' || e.name === 'RequestTimeout')
      return 'ETIMEDOUT';
    for (const inner of e.errors ?? []) {
      const found = visit(inner);
      if (found !== undefined) return found;
    }
    return visit(e.cause);
  };
  return visit(error);
}

/**
 * True when the service could not be reached (a network error or timeout), or kept failing with 5xx
 * after the retries: a cached copy may then be served.
 */
export function isUnreachable(error: unknown): boolean {
  if (networkCodeOf(error) !== undefined) return true;
  const status = statusOf(error);
  return status !== undefined && status >= 500;
}

export function isConflict(error: unknown): boolean {
  const code = codeOf(error);
  const status = statusOf(error);
  return (
    code === 'PreconditionFailed' || code === 'ConditionalRequestConflict' || status === 412 || status === 409
  );
}

export function isNotFound(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'NoSuchKey' || code === 'NotFound' || (statusOf(error) === 404 && code !== 'NoSuchBucket');
}

export function isNoSuchBucket(error: unknown): boolean {
  return codeOf(error) === 'NoSuchBucket';
}

export function isNotModified(error: unknown): boolean {
  return statusOf(error) === 304;
}

/**
 * Turns an SDK failure into the project's error family: the code scripts test, a message naming the
 * bucket, the key and the cause, and a hint saying what to do.
 */
export function s3Error(error: unknown, target: S3Target, action: string): CassetteError {
  if (isCassetteError(error)) return error;
  const where = target.key === undefined ? `s3://${target.bucket}` : `s3://${target.bucket}/${target.key}`;
  const code = codeOf(error);
  const status = statusOf(error);
  const detail = `${code}${status === undefined ? '' : ` ${status}`}: ${asSdk(error).message ?? String(error)}`;
  const base = { store: target.store, cassette: target.cassette, cause: error };
  const fail = (kind: Parameters<typeof createError>[0], what: string, hint: string): CassetteError =>
    createError(kind, `${action} ${where} failed: ${what} (${detail})`, { ...base, hint });

  if (isConflict(error)) {
    return createError('CONFLICT', `it was changed by someone else (${where}, ${code})`, {
      ...base,
      hint: 'Read it again and retry',
    });
  }
  const network = networkCodeOf(error);
  if (network !== undefined) {
    const endpoint = target.endpoint ?? 'the S3 endpoint';
    return fail(
      'UNAVAILABLE',
      `cannot reach ${endpoint} (${network})`,
      network === 'ECONNREFUSED'
        ? `Nothing listens at ${endpoint}: start the S3 server or fix ?endpoint= / CASSETTE_S3_ENDPOINT / AWS_ENDPOINT_URL_S3`
        : 'Check the network, the endpoint and the proxy settings; the request was retried with backoff',
    );
  }
  switch (code) {
    case 'NoSuchBucket':
      return fail(
        'NOT_FOUND',
        `bucket "${target.bucket}" does not exist`,
        `Create it (aws s3 mb s3://${target.bucket}), check the bucket name and ?region=, or let the store create it: add ?createBucket=true to the URL (cassette migrate --create-bucket)`,
      );
    case 'AccessDenied':
    case 'AllAccessDisabled':
    case 'Forbidden':
      return fail(
        'PERMISSION_DENIED',
        'access denied',
        `Check that the credentials in use (AWS_PROFILE, AWS_ACCESS_KEY_ID) may s3:ListBucket on ${target.bucket} and s3:GetObject/PutObject/DeleteObject on its keys`,
      );
    case 'InvalidAccessKeyId':
    case 'SignatureDoesNotMatch':
    case 'InvalidToken':
      return fail(
        'PERMISSION_DENIED',
        'the credentials were refused',
        'Check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN or AWS_PROFILE, and that they belong to this endpoint',
      );
    case 'ExpiredToken':
    case 'ExpiredTokenException':
    case 'TokenRefreshRequired':
    case 'RequestExpired':
      return fail(
        'PERMISSION_DENIED',
        'the credentials have expired',
        'Refresh them (aws sso login, or export a new AWS_SESSION_TOKEN) and run again',
      );
    case 'CredentialsProviderError':
      return fail(
        'PERMISSION_DENIED',
        'no AWS credentials were found',
        'Set AWS_PROFILE or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (any value works for moto and local servers)',
      );
    case 'PermanentRedirect':
    case 'AuthorizationHeaderMalformed':
    case 'IllegalLocationConstraintException':
    case 'Redirect': {
      const region = asSdk(error).$response?.headers?.['x-amz-bucket-region'];
      return fail(
        'UNAVAILABLE',
        `bucket "${target.bucket}" is in another region${region === undefined ? '' : ` (${region})`}`,
        `Add ?region=${region ?? 'REGION'} to the store URL or set AWS_REGION`,
      );
    }
    case 'InvalidBucketName':
      return fail(
        'INVALID_URL',
        `"${target.bucket}" is not a valid bucket name`,
        'Write the URL as s3://BUCKET/PREFIX',
      );
    default:
      break;
  }
  if (status === 301 || status === 307) {
    return fail('UNAVAILABLE', 'the bucket is in another region', 'Add ?region=REGION to the store URL');
  }
  if (status === 403) {
    return fail('PERMISSION_DENIED', 'access denied', 'Check the credentials in use and the bucket policy');
  }
  if (/region is missing/i.test(asSdk(error).message ?? '')) {
    return fail(
      'INVALID_URL',
      'no AWS region is configured',
      'Add ?region=REGION to the store URL or set AWS_REGION',
    );
  }
  return fail(
    'UNAVAILABLE',
    status !== undefined && status >= 500
      ? 'the service failed (retried with backoff)'
      : 'the request failed',
    'Try again later; if it persists, check the endpoint and the service status',
  );
}

/**
 * A lost compare-and-swap: `expected` was the version the caller held (`null`: "only if absent"),
 * `current` what the store found, when known.
 */
export function conflictError(
  target: S3Target & { readonly cassette: string; readonly key: string },
  expected: string | null | undefined,
  cause?: unknown,
  current?: string | null,
): CassetteError {
  const where = `s3://${target.bucket}/${target.key}`;
  const message =
    expected === null
      ? `it already exists (${where}; ifVersion: null asks for a new cassette)`
      : current === null
        ? `it no longer exists (${where}; expected version ${expected})`
        : `it was changed by someone else (${where}; expected version ${expected}${current === undefined ? '' : `, found ${current}`})`;
  return createError('CONFLICT', message, {
    store: target.store,
    cassette: target.cassette,
    cause,
    hint: 'Read it again and retry',
  });
}
