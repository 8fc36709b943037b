import { createError, type StoreUrl } from '@cassettekit/core';
import type { S3StoreOptions } from './options.js';

/**
 * Options from a store URL: `s3://BUCKET/PREFIX?region=eu-west-1&endpoint=http://127.0.0.1:9000
 * &forcePathStyle=true&format=yaml|json&compress=gzip&cache=DIR&listingMaxAge=SECONDS&createBucket=true`.
 */
export function s3OptionsFromUrl(url: StoreUrl): S3StoreOptions {
  const fail = (problem: string): never => {
    throw createError('INVALID_URL', `${problem} in ${JSON.stringify(url.url)}`, {
      hint: 'Write it as s3://BUCKET/PREFIX?region=REGION (options: endpoint, forcePathStyle, format=yaml|json, compress=gzip, cache=DIR, listingMaxAge=SECONDS, createBucket=true)',
    });
  };
  if (!url.location.startsWith('//')) fail('an S3 URL starts with s3://');
  const path = url.location.slice(2);
  const slash = path.indexOf('/');
  const bucket = slash === -1 ? path : path.slice(0, slash);
  const prefix = slash === -1 ? '' : path.slice(slash + 1);
  if (bucket === '') fail('no bucket');
  if (prefix.split('/').some((s, i, all) => (s === '' && i < all.length - 1) || s === '.' || s === '..')) {
    fail(`the prefix "${prefix}" has an empty, "." or ".." segment`);
  }
  const known = new Set([
    'region',
    'endpoint',
    'forcePathStyle',
    'format',
    'compress',
    'cache',
    'listingMaxAge',
    'createBucket',
  ]);
  for (const key of url.params.keys()) if (!known.has(key)) fail(`unknown option "${key}"`);
  const param = (key: string): string | undefined => {
    const value = url.params.get(key);
    return value === null || value === '' ? undefined : value;
  };
  const format = param('format');
  if (format !== undefined && format !== 'yaml' && format !== 'json')
    fail(`format must be yaml or json, not "${format}"`);
  const compress = param('compress');
  if (compress !== undefined && compress !== 'gzip' && compress !== 'none')
    fail(`compress must be gzip, not "${compress}"`);
  const pathStyle = param('forcePathStyle');
  if (pathStyle !== undefined && pathStyle !== 'true' && pathStyle !== 'false')
    fail('forcePathStyle must be true or false');
  const maxAge = param('listingMaxAge');
  if (maxAge !== undefined && !/^\d+(\.\d+)?$/.test(maxAge))
    fail('listingMaxAge must be a number of seconds');
  const createBucket = param('createBucket');
  if (createBucket !== undefined && createBucket !== 'true' && createBucket !== 'false')
    fail('createBucket must be true or false');
  const endpoint = param('endpoint');
  if (endpoint !== undefined && !/^https?:\/\/[^/]/.test(endpoint))
    fail(`endpoint must be an http(s) URL, not "${endpoint}"`);
  const region = param('region');
  const cache = param('cache');
  return {
    bucket,
    prefix,
    url: url.url,
    ...(region === undefined ? {} : { region }),
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(pathStyle === undefined ? {} : { forcePathStyle: pathStyle === 'true' }),
    ...(format === undefined ? {} : { format: format as 'yaml' | 'json' }),
    ...(compress === undefined ? {} : { compress: compress as 'gzip' | 'none' }),
    ...(cache === undefined ? {} : { cacheDir: cache }),
    ...(maxAge === undefined ? {} : { listingMaxAgeMs: Number(maxAge) * 1000 }),
    ...(createBucket === 'true' ? { create: true } : {}),
  };
}
