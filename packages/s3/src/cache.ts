import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import {
  type Cassette,
  type CassetteData,
  type CassetteFormat,
  fromTaggedJson,
  isValueMap,
  PyFloat,
  type TaggedJson,
  toTaggedJson,
  type Value,
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
  v: 2;
  etag: string;
  key: string;
  bodyLength: number;
  modelLength: number;
  /**
   * How the decoded cassette is kept: `v8` (node:v8 serialize, about 5x faster to read than JSON:
   * what makes a warm pull cheap) or tagged JSON for the rare cassette v8 cannot keep exactly
   * (Python floats with integral values, which are a class of ours).
   */
  model: 'v8' | 'json';
}

/**
 * The local read-through cache of one store: `DIR/<store hash>/<key hash>.entry`. An entry is one file,
 * a JSON header line, then the object's bytes, then the decoded cassette (v8-serialized, or tagged
 * JSON; an entry written by another Node.js version that cannot be read is a miss). Files are
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
    if (header.v !== 2 || header.key !== key || modelStart + header.modelLength !== raw.length) return null;
    const body = raw.subarray(bodyStart, modelStart);
    if (header.modelLength === 0) return { etag: header.etag, key, body };
    try {
      const bytes = raw.subarray(modelStart);
      const model =
        header.model === 'v8'
          ? (deserialize(bytes) as StoredModel<CassetteData>)
          : (JSON.parse(bytes.toString('utf8')) as StoredModel<TaggedJson>);
      const data =
        header.model === 'v8'
          ? (model.data as CassetteData)
          : (fromTaggedJson(model.data as TaggedJson) as CassetteData);
      const cassette: Cassette =
        model.format === undefined ? { data } : { data, format: restoreOriginal(model, body) };
      return { etag: header.etag, key, body, cassette };
    } catch {
      return { etag: header.etag, key, body };
    }
  }

  async write(entry: CacheEntry): Promise<void> {
    const asV8 = entry.cassette !== undefined && !containsPyFloat(entry.cassette.data);
    const model =
      entry.cassette === undefined
        ? Buffer.alloc(0)
        : asV8
          ? serialize(storedModel(entry, (data) => data))
          : Buffer.from(JSON.stringify(storedModel(entry, toTaggedJson)));
    const header: Header = {
      v: 2,
      model: asV8 ? 'v8' : 'json',
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
interface StoredModel<D> {
  data: D;
  format?: CassetteFormat;
  originalIsBody?: true;
}

function storedModel<D>(entry: CacheEntry, encode: (data: CassetteData) => D): StoredModel<D> {
  const { data, format } = entry.cassette!;
  const model: StoredModel<D> = { data: encode(data) };
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
function restoreOriginal(model: StoredModel<unknown>, body: Buffer): CassetteFormat {
  const format = model.format!;
  if (model.originalIsBody !== true || format.original === undefined) return format;
  return { ...format, original: { ...format.original, text: body.toString('utf8') } };
}

function containsPyFloat(value: Value): boolean {
  if (value instanceof PyFloat) return true;
  if (Array.isArray(value)) return value.some(containsPyFloat);
  return isValueMap(value) && Object.values(value).some(containsPyFloat);
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
