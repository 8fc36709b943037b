import { gunzipSync, gzipSync } from 'node:zlib';
import { type Cassette, type CodecStyle, createError, isCassetteError } from '@cassettekit/core';
import type { CassetteCodec, CodecName } from './codec.js';

/** Object metadata (`x-amz-meta-*`) written with every cassette. */
export const METADATA = {
  /** The content digest (`sha256:...`), equal in every backend: "skip unchanged" needs no download. */
  digest: 'cassette-digest',
  /** The codec style the object was written in, as JSON (`{"codec":"yaml","dumper":"libyaml",...}`). */
  style: 'cassette-style',
  /** `yaml` or `json`. */
  codec: 'cassette-codec',
} as const;

/** How this store writes its objects: the file codec, optionally gzip. */
export interface ObjectFormat {
  readonly codec: CassetteCodec;
  readonly format: CodecName;
  readonly gzip: boolean;
}

/** Where an object is, for errors: the store URL, the cassette and `s3://BUCKET/KEY`. */
export interface ObjectPlace {
  readonly store: string;
  readonly cassette: string;
  readonly where: string;
}

/** An object's bytes as a cassette: gunzipped when they are gzip, UTF-8 text, then the codec. */
export function decodeObject(body: Buffer, objects: ObjectFormat, place: ObjectPlace): Cassette {
  const { store, cassette, where } = place;
  let bytes = body;
  if (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) {
    try {
      bytes = gunzipSync(body);
    } catch (cause) {
      throw createError('INVALID_CASSETTE', `${where} is not a valid gzip file`, { store, cassette, cause });
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw createError('INVALID_CASSETTE', `${where} is not UTF-8 text`, { store, cassette, cause });
  }
  try {
    return objects.codec.decode(text, { store, cassette });
  } catch (cause) {
    if (isCassetteError(cause)) throw cause;
    throw createError('INVALID_CASSETTE', `${where} cannot be read as ${objects.format}`, {
      store,
      cassette,
      cause,
    });
  }
}

/** What `put` sends: the body, its content type and the metadata. */
export interface EncodedObject {
  readonly body: Buffer;
  readonly contentType: string;
  readonly metadata: Record<string, string>;
}

/** A cassette as an object: its file text (the original while unchanged), gzipped if asked. */
export function encodeObject(cassette: Cassette, digest: string, objects: ObjectFormat): EncodedObject {
  const { codec, format, gzip } = objects;
  // The codec writes the original text back while the data is unchanged; with the digest already
  // computed for the metadata, that check costs nothing here.
  const original = cassette.format?.original;
  const text =
    original !== undefined && original.codec === format && original.digest === digest
      ? original.text
      : codec.encode(cassette);
  const plain = Buffer.from(text, 'utf8');
  const style = writtenStyle(cassette, codec, format);
  return {
    body: gzip ? gzipSync(plain) : plain,
    contentType: gzip ? 'application/gzip' : format === 'yaml' ? 'application/yaml' : 'application/json',
    metadata: {
      [METADATA.digest]: digest,
      [METADATA.codec]: format,
      ...(style === undefined ? {} : { [METADATA.style]: asciiJson(style) }),
    },
  };
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

/** Metadata travels in HTTP headers: JSON with every non-ASCII character escaped. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
