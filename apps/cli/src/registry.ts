import { createStoreRegistry, memoryDriver, type StoreDriver, type StoreRegistry } from '@cassettekit/core';
import { sqliteDriver } from '@cassettekit/sqlite';
import { jsonDriver, yamlDriver } from '@cassettekit/yaml';

/**
 * `s3://` without loading the AWS SDK until an S3 URL is opened: the SDK takes longer to import than
 * the whole command takes on a folder or SQLite store.
 */
const lazyS3Driver: StoreDriver = {
  schemes: ['s3'],
  description:
    'one object per cassette in an S3 bucket (AWS, MinIO, R2, moto), conditional writes, local cache',
  example: 's3://my-bucket/cassettes?region=eu-west-1&cache=.cassette-cache',
  async open(url, options) {
    const { s3Driver } = await import('@cassettekit/s3');
    return s3Driver.open(url, options);
  },
};

/** Every backend the command knows, by URL scheme. */
export const registry: StoreRegistry = createStoreRegistry([
  yamlDriver,
  jsonDriver,
  sqliteDriver,
  lazyS3Driver,
  memoryDriver,
]);
