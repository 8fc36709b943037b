import { type Cassette, isBytes, isValueMap, PyFloat, type Value } from '@cassettekit/core';
import { jsonCodec } from '@cassettekit/formats';

const HAR_JSON = jsonCodec({ dialect: 'har' });

/** A HAR document as a persister hands it back to Polly (plain JSON values). */
export type HarDocument = Record<string, unknown>;

/**
 * A Polly recording (Polly's stable-stringified HAR) as a cassette whose text is what
 * `@pollyjs/persister-fs` writes for it — `JSON.stringify(har, null, 2)` and a newline — so a store
 * that keeps text (a polly: or json: folder) holds the same bytes.
 */
export function harToCassette(
  stableText: string,
  source: { store?: string; cassette?: string } = {},
): Cassette {
  return HAR_JSON.decode(`${JSON.stringify(JSON.parse(stableText), null, 2)}\n`, source);
}

/** The HAR document of a stored recording, as plain JSON values. */
export function cassetteToHar(cassette: Cassette): HarDocument {
  return plain(cassette.data) as HarDocument;
}

function plain(value: Value): unknown {
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'bigint') return Number(value);
  if (isBytes(value)) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(plain);
  if (isValueMap(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, {
        value: plain(value[key]!),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}
