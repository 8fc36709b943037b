import {
  type Cassette,
  contentDigest,
  isBytes,
  isValueMap,
  PyFloat,
  type Value,
  type ValueMap,
} from '@cassettekit/core';

/** A HAR document as Polly hands it to a persister (plain JSON once stringified). */
export type HarDocument = { log: { entries: unknown[] } & Record<string, unknown> } & Record<string, unknown>;

/**
 * A Polly recording as a cassette: the HAR document, with the text `@pollyjs/persister-fs` would
 * write (`JSON.stringify(stableSorted, null, 2)` and a newline) kept as its original text, so a
 * store that keeps text gives back the same bytes.
 */
export function harToCassette(stableText: string): Cassette {
  const data = JSON.parse(stableText) as ValueMap;
  const text = `${JSON.stringify(data, null, 2)}\n`;
  return { data, format: { original: { codec: 'json', text, digest: contentDigest(data) } } };
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
