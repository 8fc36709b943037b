import { resolve } from 'node:path';
import type { StoreDriver } from '@cassettekit/core';
import type { S3Store } from './store.js';
import { s3OptionsFromUrl } from './url.js';

/**
 * `s3://` URLs. A relative `cache=DIR` is resolved against `cwd`. Importing this file (also as
 * `@cassettekit/s3/driver`) does not load the AWS SDK: it takes longer to import than a whole command
 * takes on a folder or SQLite store, so the store module is loaded when an S3 URL is opened.
 *
 * `OpenOptions.create` does not create a bucket: the store is a prefix, which needs no creating, and
 * a bucket is infrastructure (region, policy, billing) that a migration must not make by accident.
 * `?createBucket=true` in the URL asks for it.
 */
export const s3Driver: StoreDriver = {
  schemes: ['s3'],
  description:
    'one object per cassette in an S3 bucket (AWS, MinIO, R2, moto), conditional writes, local cache',
  example: 's3://my-bucket/cassettes?region=eu-west-1&cache=.cassette-cache',
  async open(url, options): Promise<S3Store> {
    const parsed = s3OptionsFromUrl(url);
    const cwd = options.cwd ?? process.cwd();
    const { createS3Store } = await import('./store.js');
    return createS3Store({
      ...parsed,
      ...(parsed.cacheDir === undefined ? {} : { cacheDir: resolve(cwd, parsed.cacheDir) }),
      ...(options.readOnly === true ? { readOnly: true } : {}),
    });
  },
};
