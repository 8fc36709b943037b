import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import {
  type Body,
  type CassetteData,
  fromTaggedJson,
  type InteractionData,
  interactionView,
  isBytes,
  isValueMap,
  requestFingerprint,
  setKey,
  type TaggedJson,
  toTaggedJson,
  type Value,
  type ValueMap,
} from '@cassettekit/core';

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

/** A value to store (a body, a document, an original text): its kind, bytes and dedup key. */
export interface ValueRow {
  readonly kind: BodyKind;
  /** The value's bytes before compression. */
  readonly raw: Buffer;
  /** The dedup key (`valueKey`; full SHA-256 in the migrations to versions 2 and 3). */
  readonly hash: Buffer;
  /** CRC-32 over kind and raw bytes (`bodies.crc`): what a read checks the bytes against. */
  readonly crc: number;
}

export interface BodyRow extends ValueRow {
  readonly slot: BodySlot;
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
  // One view for all the index columns: each accessor (requestMethod, ...) builds it again.
  const view = interactionView(interaction);
  const { method, uri } = view;
  return {
    position,
    method: method.toUpperCase(),
    uri,
    host: hostOf(uri),
    status: view.status.code,
    fingerprint: requestFingerprint({ method, uri, body: view.requestBody }),
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
  return { slot, ...valueRow(value) };
}

export function valueRow(value: string | Uint8Array): ValueRow {
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
  return { kind, raw, hash: valueKey(kind, raw), crc: valueCrc(kind, raw) };
}

/** SHA-256 over kind and bytes: the dedup key of schema versions 1 to 3 (which also checked reads against it). */
export function valueHash(kind: number, raw: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(kind)).update(raw).digest();
}

/** Bytes of SHA-256 kept as the dedup key (`bodies.hash`, schema version 4): collisions stay out of reach. */
export const VALUE_KEY_BYTES = 16;

/** The dedup key of a value: the first VALUE_KEY_BYTES of its SHA-256 (half the bytes of the key and its index). */
export function valueKey(kind: number, raw: Uint8Array): Buffer {
  return valueHash(kind, raw).subarray(0, VALUE_KEY_BYTES);
}

const KIND_CRCS = [0, 1, 2, 3].map((kind) => crc32(Buffer.of(kind)));

/**
 * What a value's bytes are checked against on every read (schema version 4): a CRC-32 finds any
 * damage of up to 32 bits and misses other random damage once in 4 billion, at a fraction of
 * SHA-256's cost, which a load of every cassette paid for every byte.
 */
export function valueCrc(kind: number, raw: Uint8Array): number {
  return crc32(raw, KIND_CRCS[kind] ?? crc32(Buffer.of(kind)));
}

/**
 * A value from its bytes. `raw` may be a view into a cached block: bytes are copied (a caller may
 * change them), text is decoded into a new string anyway.
 */
export function decodeValue(kind: number, raw: Buffer): string | Uint8Array {
  // ASCII is its own Latin-1: that decoder only copies bytes, three times faster on the corpus.
  if (kind === BodyKind.text) return isAscii(raw) ? raw.toString('latin1') : raw.toString('utf8');
  if (kind === BodyKind.bytes) return new Uint8Array(raw);
  if (kind === BodyKind.textJson) {
    const text: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof text !== 'string') throw new Error('a text body is not a JSON string');
    return text;
  }
  throw new Error(`unknown body kind ${kind}`);
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
  const data = parseDocument(doc);
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

/** A stored document (tagged JSON) as a value. */
export function parseDocument(doc: string): Value {
  return adoptTagged(JSON.parse(doc) as TaggedJson);
}

const DOLLAR = 0x24;

/**
 * fromTaggedJson for a fresh JSON.parse result no one else holds: maps and lists without tags (most
 * of a document) are kept as they are, children converted in place, instead of copied key by key.
 * JSON.parse makes plain objects with own keys (`__proto__` too) in document order, as a ValueMap.
 */
function adoptTagged(json: TaggedJson): Value {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) {
    for (let i = 0; i < json.length; i += 1) json[i] = adoptTagged(json[i]!) as TaggedJson;
    return json as Value[];
  }
  const keys = Object.keys(json);
  // Tagged JSON wraps every map with `$` keys: a `$` key is a tag (or a body placeholder).
  for (const key of keys) if (key.charCodeAt(0) === DOLLAR) return fromTaggedJson(json);
  const map = json as ValueMap;
  for (const key of keys) setKey(map, key, adoptTagged(json[key]!));
  return map;
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
