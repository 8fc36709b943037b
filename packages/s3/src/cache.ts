import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import {
  type Cassette,
  type CassetteData,
  type CassetteFormat,
  isValueMap,
  PyFloat,
  type Value,
} from '@cassettekit/core';

/**
 * A cached object: its ETag and either the decoded cassette (saves decoding the object again) or,
 * when that could not be kept or read, the exact bytes S3 holds.
 */
export type CacheEntry =
  | { readonly etag: string; readonly key: string; readonly cassette: Cassette; readonly body?: Buffer }
  | { readonly etag: string; readonly key: string; readonly cassette?: undefined; readonly body: Buffer };

interface Header {
  v: 4;
  etag: string;
  key: string;
  bodyLength: number;
  modelLength: number;
}

/**
 * The local read-through cache of one store: `DIR/<store hash>/<key hash>.entry`. An entry is one file,
 * a JSON header line, then the decoded cassette (v8-serialized; absent for the rare cassette v8
 * cannot keep, which is then decoded from the bytes again), then the object's bytes. Files are
 * written to a temporary name and renamed into place, so a reader (in any process) sees a whole old
 * entry or a whole new one; lengths in the header are checked, so a damaged file is a miss.
 */
export class ObjectCache {
  readonly dir: string;

  constructor(root: string, storeIdentity: string) {
    this.dir = join(root, `s3-${hash(storeIdentity).slice(0, 16)}`);
  }

  private file(key: string): string {
    return join(this.dir, `${hash(key).slice(0, 40)}.entry`);
  }

  async read(key: string): Promise<CacheEntry | null> {
    // Synchronous on purpose: a cache entry is a small local file, usually in the page cache, and a
    // warm pull reads hundreds of them; thread-pool round trips cost more than the reads themselves.
    let fd: number;
    try {
      fd = openSync(this.file(key), 'r');
    } catch {
      return null;
    }
    try {
      // One read usually gets the header line and the decoded cassette, which come first.
      const first = Buffer.allocUnsafe(FIRST_READ);
      const head = first.subarray(0, readSync(fd, first, 0, FIRST_READ, 0));
      const newline = head.indexOf(10);
      if (newline < 0) return null;
      let header: Header;
      try {
        header = JSON.parse(head.subarray(0, newline).toString('utf8')) as Header;
      } catch {
        return null;
      }
      if (header.v !== 4 || header.key !== key) return null;
      const modelStart = newline + 1;
      const bodyStart = modelStart + header.modelLength;
      const end = bodyStart + header.bodyLength;
      if (header.modelLength > 0) {
        const bytes =
          bodyStart <= head.length
            ? head.subarray(modelStart, bodyStart)
            : range(fd, modelStart, header.modelLength);
        // A short read means a damaged entry: a miss, never a partial cassette.
        const model = bytes.length === header.modelLength ? decodeModel(bytes) : undefined;
        if (model !== undefined) return { etag: header.etag, key, cassette: model };
      }
      const body =
        end <= head.length ? head.subarray(bodyStart, end) : range(fd, bodyStart, header.bodyLength);
      return body.length === header.bodyLength ? { etag: header.etag, key, body } : null;
    } finally {
      closeSync(fd);
    }
  }

  async write(entry: CacheEntry & { body: Buffer }): Promise<void> {
    // v8 cannot keep PyFloat (a class of ours): such a cassette is decoded from the body again.
    const model =
      entry.cassette === undefined || containsPyFloat(entry.cassette.data)
        ? Buffer.alloc(0)
        : serialize({ data: entry.cassette.data, format: entry.cassette.format });
    const header: Header = {
      v: 4,
      etag: entry.etag,
      key: entry.key,
      bodyLength: entry.body.length,
      modelLength: model.length,
    };
    const target = this.file(entry.key);
    const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await mkdir(this.dir, { recursive: true });
    try {
      await writeFile(temp, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), model, entry.body]));
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}

/** How long a listing counts as revalidating the cached cassettes it reports (see listingMaxAgeMs). */
export const DEFAULT_LISTING_MAX_AGE_MS = 30_000;

/**
 * When a cached entry may be served without asking S3: a listing reports every object's ETag, so an
 * entry whose ETag a listing reported at most `maxAgeMs` ago is as fresh as a conditional GET would
 * make it (the check `aws s3 sync` makes). Anything else is revalidated with `If-None-Match`.
 */
export class ListingRevalidation {
  private readonly listed = new Map<string, { etag: string; at: number }>();

  constructor(readonly maxAgeMs: number = DEFAULT_LISTING_MAX_AGE_MS) {}

  /** A listing started at `at` reported this cassette with this ETag. */
  sawListed(name: string, etag: string, at: number): void {
    this.listed.set(name, { etag, at });
  }

  /** This process changed the cassette: what an earlier listing said of it no longer holds. */
  forget(name: string): void {
    this.listed.delete(name);
  }

  /** True when the cached entry with `etag` may be served without a request. */
  isFresh(name: string, etag: string, now = Date.now()): boolean {
    if (this.maxAgeMs <= 0) return false;
    const seen = this.listed.get(name);
    return seen !== undefined && seen.etag === etag && now - seen.at <= this.maxAgeMs;
  }
}

/** The first read of an entry: the header line and, for most cassettes, the whole decoded cassette. */
const FIRST_READ = 64 * 1024;

function range(fd: number, start: number, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  const bytesRead = readSync(fd, out, 0, length, start);
  return bytesRead === length ? out : out.subarray(0, bytesRead);
}

/**
 * The cassette kept in an entry (node:v8 serialization: about 5x faster to read than JSON, which is
 * what makes a warm pull cheap), or undefined when it cannot be read (e.g. written by another Node.js).
 */
function decodeModel(bytes: Buffer): Cassette | undefined {
  try {
    const model = deserialize(bytes) as { data: CassetteData; format?: CassetteFormat };
    return model.format === undefined ? { data: model.data } : { data: model.data, format: model.format };
  } catch {
    return undefined;
  }
}

function containsPyFloat(value: Value): boolean {
  if (value instanceof PyFloat) return true;
  if (Array.isArray(value)) return value.some(containsPyFloat);
  return isValueMap(value) && Object.values(value).some(containsPyFloat);
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
