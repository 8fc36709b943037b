import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Cassette,
  type CassetteData,
  type CassetteFormat,
  fromTaggedJson,
  type TaggedJson,
  toTaggedJson,
} from '@cassette/core';

/** A cached object: its ETag, the exact bytes S3 holds, and the decoded cassette when it was kept. */
export interface CacheEntry {
  readonly etag: string;
  readonly key: string;
  readonly body: Buffer;
  /** The decoded cassette (saves decoding the body again); absent when it could not be read. */
  readonly cassette?: Cassette;
}

interface Header {
  v: 1;
  etag: string;
  key: string;
  bodyLength: number;
  modelLength: number;
}

/**
 * The local read-through cache of one store: `DIR/<store hash>/<key hash>.entry`. An entry is one file,
 * a JSON header line, then the object's bytes, then the decoded cassette as tagged JSON. Files are
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
    let raw: Buffer;
    try {
      raw = await readFile(this.file(key));
    } catch {
      return null;
    }
    const newline = raw.indexOf(10);
    if (newline < 0) return null;
    let header: Header;
    try {
      header = JSON.parse(raw.subarray(0, newline).toString('utf8')) as Header;
    } catch {
      return null;
    }
    const bodyStart = newline + 1;
    const modelStart = bodyStart + header.bodyLength;
    if (header.v !== 1 || header.key !== key || modelStart + header.modelLength !== raw.length) return null;
    const body = raw.subarray(bodyStart, modelStart);
    if (header.modelLength === 0) return { etag: header.etag, key, body };
    try {
      const model = JSON.parse(raw.subarray(modelStart).toString('utf8')) as StoredModel;
      const data = fromTaggedJson(model.data) as CassetteData;
      const cassette: Cassette =
        model.format === undefined ? { data } : { data, format: restoreOriginal(model, body) };
      return { etag: header.etag, key, body, cassette };
    } catch {
      return { etag: header.etag, key, body };
    }
  }

  async write(entry: CacheEntry): Promise<void> {
    const model =
      entry.cassette === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(storedModel(entry)));
    const header: Header = {
      v: 1,
      etag: entry.etag,
      key: entry.key,
      bodyLength: entry.body.length,
      modelLength: model.length,
    };
    const target = this.file(entry.key);
    const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await mkdir(this.dir, { recursive: true });
    try {
      await writeFile(temp, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), entry.body, model]));
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

/** The decoded cassette as kept in an entry; the original text is not kept twice when it is the body. */
interface StoredModel {
  data: TaggedJson;
  format?: CassetteFormat;
  originalIsBody?: true;
}

function storedModel(entry: CacheEntry): StoredModel {
  const { data, format } = entry.cassette!;
  const model: StoredModel = { data: toTaggedJson(data) };
  if (format === undefined) return model;
  const original = format.original;
  if (
    original !== undefined &&
    Buffer.byteLength(original.text) === entry.body.length &&
    entry.body.equals(Buffer.from(original.text))
  ) {
    model.format = { ...format, original: { codec: original.codec, digest: original.digest, text: '' } };
    model.originalIsBody = true;
  } else {
    model.format = format;
  }
  return model;
}

/** The format with its original text put back: it was left out of the entry when it equals the body. */
function restoreOriginal(model: StoredModel, body: Buffer): CassetteFormat {
  const format = model.format!;
  if (model.originalIsBody !== true || format.original === undefined) return format;
  return { ...format, original: { ...format.original, text: body.toString('utf8') } };
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
