import {
  brotliCompressSync,
  brotliDecompressSync,
  deflateRawSync,
  deflateSync,
  gunzipSync,
  gzipSync,
  inflateRawSync,
  inflateSync,
} from 'node:zlib';

/** A body as text, with how it was stored: `via` names the decoding (`gzip`, `bytes`) for locations. */
export interface BodyText {
  readonly text: string;
  /** `''` for a text body, else e.g. `gzip` or `bytes` (UTF-8 bytes) or `binary`. */
  readonly via: string;
  /**
   * True for bytes that are not UTF-8 (protobuf, gRPC, images): `text` is their Latin-1 reading,
   * and a change must keep every length (length-prefixed formats stay valid).
   */
  readonly binary: boolean;
  /** The body to store for a changed text: the same kind (text, bytes, compressed bytes). */
  rebuild(text: string): string | Uint8Array;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a body for scanning: text as it is; bytes decompressed as `Content-Encoding` says (gzip,
 * deflate, br) and then read as UTF-8, or as Latin-1 when they are not UTF-8 (`binary`).
 */
export function bodyText(body: string | Uint8Array, contentEncoding: string): BodyText {
  if (typeof body === 'string') return { text: body, via: '', binary: false, rebuild: (text) => text };
  const codings = contentEncoding
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'identity');
  let bytes: Uint8Array = body;
  const applied: Coding[] = [];
  for (const coding of [...codings].reverse()) {
    const decoded = decompress(bytes, coding);
    if (decoded === null) break;
    bytes = decoded.bytes;
    applied.unshift(decoded.coding);
  }
  let text: string;
  let binary = false;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    binary = true;
  }
  const via = [...applied, ...(binary ? ['binary'] : applied.length > 0 ? [] : ['bytes'])].join('+');
  return {
    text,
    via,
    binary,
    rebuild(changed) {
      let out: Uint8Array = new Uint8Array(Buffer.from(changed, binary ? 'latin1' : 'utf8'));
      for (const coding of applied) out = compress(out, coding);
      return out;
    },
  };
}

type Coding = 'gzip' | 'deflate' | 'deflate-raw' | 'br';

function decompress(bytes: Uint8Array, coding: string): { bytes: Uint8Array; coding: Coding } | null {
  try {
    if (coding === 'gzip' || coding === 'x-gzip') return { bytes: gunzipSync(bytes), coding: 'gzip' };
    if (coding === 'br') return { bytes: brotliDecompressSync(bytes), coding: 'br' };
    if (coding === 'deflate') {
      try {
        return { bytes: inflateSync(bytes), coding: 'deflate' };
      } catch {
        // Some servers send raw deflate without the zlib header.
        return { bytes: inflateRawSync(bytes), coding: 'deflate-raw' };
      }
    }
  } catch {
    // Not compressed after all (vcrpy's decode_compressed_response keeps the header): as is.
  }
  return null;
}

function compress(bytes: Uint8Array, coding: Coding): Uint8Array {
  const out =
    coding === 'gzip'
      ? gzipSync(bytes)
      : coding === 'br'
        ? brotliCompressSync(bytes)
        : coding === 'deflate'
          ? deflateSync(bytes)
          : deflateRawSync(bytes);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
