import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { isNoSuchBucket, isUnreachable, networkCodeOf, type S3Target, s3Error } from './errors.js';

export interface BucketCheck {
  readonly client: S3Client;
  readonly target: S3Target;
  readonly prefix: string;
  /** Create the bucket when it does not exist. */
  readonly create: boolean;
  /** A cache can serve cassettes while S3 cannot be reached: then that is a warning, not an error. */
  readonly servedFromCache: boolean;
  readonly warn: (message: string) => void;
}

/**
 * Opening a store checks its bucket with one ListObjectsV2 of one key, so a wrong name, region or
 * credentials fail at once, naming the bucket, instead of at the first cassette.
 */
export async function checkBucket(check: BucketCheck): Promise<void> {
  const { client, target } = check;
  try {
    await client.send(new ListObjectsV2Command({ Bucket: target.bucket, Prefix: check.prefix, MaxKeys: 1 }));
  } catch (error) {
    if (isNoSuchBucket(error) && check.create) {
      await createBucket(client, await client.config.region(), target);
    } else if (check.servedFromCache && isUnreachable(error)) {
      check.warn(
        `[cassette] [${target.store}] cannot reach ${target.endpoint ?? 'S3'} (${networkCodeOf(error) ?? String(error)}); cached cassettes will be served`,
      );
    } else {
      throw s3Error(error, target, 'opening');
    }
  }
}

async function createBucket(client: S3Client, region: string | undefined, target: S3Target): Promise<void> {
  try {
    await client.send(
      new CreateBucketCommand({
        Bucket: target.bucket,
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
