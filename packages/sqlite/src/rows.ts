import { createHash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants as zlib } from 'node:zlib';
import {
  type Body,
  type CassetteData,
  fromTaggedJson,
  type InteractionData,
  isBytes,
  isValueMap,
  requestBody,
  requestFingerprint,
  requestMethod,
  requestUri,
  responseStatus,
  setKey,
  type TaggedJson,
  toTaggedJson,
  type Value,
} from '@cassette/core';

/**
 * How a cassette becomes rows, and back. Pure functions, no database: the store and the tests' back
 * door share nothing else.
 *
 * - The document is one tagged-JSON text (`cassettes.doc`, compressed once per cassette: the headers
 *   of one cassette's interactions are much alike), keys in their order, with the bodies cut out: at
 *   the well-known places (`request.body`, `response.body.string`, `response.content`) a text or
 *   bytes value is replaced by the placeholder `{"$body": "<slot>"}` and stored as a row of `bodies`.
 *   A placeholder can never be real data: tagged JSON wraps every map with `$` keys in `{"$map"}`.
 * - Each entry of `interactions` is a row of `interactions` with its index columns (fingerprint,
 *   method, URI, host, status) and the ids of its bodies.
 */

/** Where a body was cut out of an interaction. */
export type BodySlot = 'request' | 'response' | 'content';

/** What a body row holds. */
export const BodyKind = {
  /** UTF-8 text. */
  text: 1,
  /** Bytes (`!!binary`). */
  bytes: 2,
  /** Text that is not well-formed UTF-16 (lone surrogates), kept as its JSON string literal. */
  textJson: 3,
} as const;
export type BodyKind = (typeof BodyKind)[keyof typeof BodyKind];

/** How a body row's data is encoded. */
export const BodyEncoding = { raw: 0, brotli: 1 } as const;
export type BodyEncoding = (typeof BodyEncoding)[keyof typeof BodyEncoding];

/**
 * Bodies shorter than this are stored as they are: on the corpus, compressing them saves under 1% of
 * the database and costs a decoder per body (~13 µs each) on every load.
 */
export const COMPRESS_MIN_BYTES = 1024;
/** Compressed data is kept only when at most this fraction of the raw size (else decoding costs more than it saves). */
export const COMPRESS_MAX_RATIO = 0.7;
/** Brotli quality: 5 is within 1% of 9 on the corpus at a tenth of the time. */
export const BROTLI_QUALITY = 5;

export interface BodyRow {
  readonly slot: BodySlot;
  readonly kind: BodyKind;
  /** The body's bytes before compression. */
  readonly raw: Buffer;
  /** SHA-256 over kind and raw bytes: the dedup key. */
  readonly hash: Buffer;
}

export interface InteractionRow {
  readonly position: number;
  readonly method: string;
  readonly uri: string;
  readonly host: string | null;
  readonly status: number | null;
  readonly fingerprint: string;
  readonly bodies: readonly BodyRow[];
}

export interface CassetteRows {
  /** The whole document as tagged JSON, bodies replaced by placeholders. */
  readonly doc: string;
  /** One per entry of the `interactions` list (none when the document has no list). */
  readonly interactions: readonly InteractionRow[];
}

const BODY_PLACEHOLDER = '$body';

export function cassetteToRows(data: CassetteData): CassetteRows {
  const tagged = toTaggedJson(data);
  const list = data.interactions;
  const interactions: InteractionRow[] = [];
  if (Array.isArray(list)) {
    const taggedList = unwrapTagged(tagged).interactions as TaggedJson[];
    list.forEach((item, position) => {
      interactions.push(interactionToRow(item, taggedList[position]!, position));
    });
  }
  return { doc: JSON.stringify(tagged), interactions };
}

/** The index columns of one interaction; cuts its bodies out of `tagged` (its tagged-JSON form). */
function interactionToRow(item: Value, tagged: TaggedJson, position: number): InteractionRow {
  if (!isValueMap(item)) {
    return { position, method: '', uri: '', host: null, status: null, fingerprint: '', bodies: [] };
  }
  const interaction = item as InteractionData;
  const bodies: BodyRow[] = [];
  const cut = (
    slot: BodySlot,
    holder: TaggedJson | undefined,
    key: string,
    value: Value | undefined,
  ): void => {
    if (holder === undefined || value === undefined || !(typeof value === 'string' || isBytes(value))) return;
    bodies.push(bodyRow(slot, value));
    unwrapTagged(holder)[key] = { [BODY_PLACEHOLDER]: slot };
  };
  const top = unwrapTagged(tagged);
  const request = interaction.request;
  if (isValueMap(request)) cut('request', top.request, 'body', request.body);
  const response = interaction.response;
  if (isValueMap(response)) {
    const body = response.body;
    if (isValueMap(body)) cut('response', unwrapTagged(top.response!).body, 'string', body.string);
    cut('content', top.response, 'content', response.content);
  }
  const method = requestMethod(interaction);
  const uri = requestUri(interaction);
  return {
    position,
    method: method.toUpperCase(),
    uri,
    host: hostOf(uri),
    status: responseStatus(interaction).code,
    fingerprint: requestFingerprint({ method, uri, body: requestBody(interaction) }),
    bodies,
  };
}

/** The map a tagged-JSON map stands for (`{"$map": {...}}` wraps maps with `$` keys). */
function unwrapTagged(json: TaggedJson): { [key: string]: TaggedJson } {
  const map = json as { [key: string]: TaggedJson };
  const keys = Object.keys(map);
  if (keys.length === 1 && keys[0] === '$map') return map.$map as { [key: string]: TaggedJson };
  return map;
}

export function bodyRow(slot: BodySlot, value: string | Uint8Array): BodyRow {
  let kind: BodyKind;
  let raw: Buffer;
  if (typeof value === 'string') {
    if (isWellFormed(value)) {
      kind = BodyKind.text;
      raw = Buffer.from(value, 'utf8');
    } else {
      kind = BodyKind.textJson;
      raw = Buffer.from(JSON.stringify(value), 'utf8');
    }
  } else {
    kind = BodyKind.bytes;
    raw = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  const hash = createHash('sha256').update(Buffer.of(kind)).update(raw).digest();
  return { slot, kind, raw, hash };
}

/** The stored form of a body: brotli when that saves something, else the bytes as they are. */
export function encodeBody(raw: Buffer): { encoding: BodyEncoding; data: Buffer } {
  if (raw.length >= COMPRESS_MIN_BYTES) {
    const packed = brotliCompressSync(raw, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    if (packed.length <= raw.length * COMPRESS_MAX_RATIO)
      return { encoding: BodyEncoding.brotli, data: packed };
  }
  return { encoding: BodyEncoding.raw, data: raw };
}

export function decodeBody(kind: number, encoding: number, data: Buffer | Uint8Array): Body {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let raw: Buffer;
  if (encoding === BodyEncoding.raw) raw = bytes;
  else if (encoding === BodyEncoding.brotli) raw = brotliDecompressSync(bytes);
  else throw new Error(`unknown body encoding ${encoding}`);
  if (kind === BodyKind.text) return raw.toString('utf8');
  if (kind === BodyKind.bytes) return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (kind === BodyKind.textJson) {
    const text: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof text !== 'string') throw new Error('a text body is not a JSON string');
    return text;
  }
  throw new Error(`unknown body kind ${kind}`);
}

/** A JSON text as stored: UTF-8, compressed like a body when that saves something. */
export function encodeText(text: string): { encoding: BodyEncoding; data: Buffer } {
  return encodeBody(Buffer.from(text, 'utf8'));
}

export function decodeText(encoding: number, data: Buffer | Uint8Array): string {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (encoding === BodyEncoding.raw) return bytes.toString('utf8');
  if (encoding === BodyEncoding.brotli) return brotliDecompressSync(bytes).toString('utf8');
  throw new Error(`unknown encoding ${encoding}`);
}

/**
 * Puts the document back together from its stored JSON and its bodies: `bodies(position, slot)` gives
 * the body cut out of interaction `position`. `rows` is the number of interaction rows, which must
 * match the list.
 */
export function rowsToCassette(
  doc: string,
  rows: number,
  bodies: (position: number, slot: BodySlot) => Body | undefined,
): CassetteData {
  const data = fromTaggedJson(JSON.parse(doc) as TaggedJson);
  if (!isValueMap(data)) throw new Error('the stored document is not a mapping');
  const list = data.interactions;
  const count = Array.isArray(list) ? list.length : 0;
  if (count !== rows) throw new Error(`the document lists ${count} interactions, the table holds ${rows}`);
  if (Array.isArray(list)) {
    list.forEach((item, position) => {
      fillBodies(item, (slot) => bodies(position, slot));
    });
  }
  return data;
}

/** Puts the bodies back into one interaction, in place. */
export function fillBodies(item: Value | undefined, bodies: (slot: BodySlot) => Body | undefined): void {
  if (!isValueMap(item)) return;
  const fill = (holder: Value | undefined, key: string): void => {
    if (!isValueMap(holder)) return;
    const slot = placeholderSlot(holder[key]);
    if (slot === null) return;
    const body = bodies(slot);
    if (body === undefined || body === null) throw new Error(`the ${slot} body is missing`);
    setKey(holder, key, body);
  };
  fill(item.request, 'body');
  const response = item.response;
  if (isValueMap(response)) {
    fill(response.body, 'string');
    fill(response, 'content');
  }
}

function placeholderSlot(value: Value | undefined): BodySlot | null {
  if (!isValueMap(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== BODY_PLACEHOLDER) return null;
  const slot = value[BODY_PLACEHOLDER];
  return slot === 'request' || slot === 'response' || slot === 'content' ? slot : null;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** `String.prototype.isWellFormed` (Node 20 has it; the ES2023 lib does not declare it). */
function isWellFormed(text: string): boolean {
  const native = (text as unknown as { isWellFormed?: () => boolean }).isWellFormed;
  return native === undefined ? !LONE_SURROGATE.test(text) : native.call(text);
}

/** The lower-cased host of a URI, or null when it has none. */
export function hostOf(uri: string): string | null {
  try {
    const host = new URL(uri).hostname;
    return host === '' ? null : host.toLowerCase();
  } catch {
    return null;
  }
}
