import type { Cassette, CassetteFormat, CodecStyle } from '@cassettekit/core';

/**
 * Keeping `cassette.format`: the style as JSON, and the original text only when no style reproduces
 * it. Whether the style reproduces it is asked of the codec (`@cassettekit/formats`'s `codecFor`), loaded
 * on first need; without it the original is always kept (correct, only larger).
 */

/** The part of a `@cassettekit/formats` codec this store uses (typed structurally: no import at build time). */
export interface TextCodec {
  encode(cassette: Cassette): string;
  /** The style that writes exactly `text` for `data`, or null. */
  detectStyle?(text: string, data: Cassette['data']): CodecStyle | null;
}

/** Finds the codec for a name (`yaml`, `json`), or null when it is not available. */
export type CodecLookup = (name: string) => Promise<TextCodec | null>;

let yamlModule: Promise<{ codecFor?: (name: string) => TextCodec } | null> | undefined;

/** The codecs of `@cassettekit/formats`, when it is installed and built. */
export const defaultCodecs: CodecLookup = async (name) => {
  // A variable specifier keeps TypeScript from resolving the package at build time.
  const specifier = '@cassettekit/formats';
  yamlModule ??= import(specifier).then(
    (m: { codecFor?: (name: string) => TextCodec }) => m,
    () => null,
  );
  const mod = await yamlModule;
  if (typeof mod?.codecFor !== 'function') return null;
  try {
    return mod.codecFor(name);
  } catch {
    return null;
  }
};

export interface StoredFormat {
  readonly style: string | null;
  readonly originalCodec: string | null;
  readonly originalDigest: string | null;
  /** The original text, stored as a value (like a body) by the store. */
  readonly original: string | null;
}

export async function formatToColumns(cassette: Cassette, codecs: CodecLookup): Promise<StoredFormat> {
  const format = cassette.format;
  const original = format?.original;
  const reproducing = original === undefined ? undefined : await reproducingStyle(cassette, codecs);
  const style = reproducing ?? format?.style;
  const styleJson = style === undefined || style === null ? null : JSON.stringify(style);
  if (original === undefined || (reproducing !== undefined && reproducing !== null)) {
    return { style: styleJson, originalCodec: null, originalDigest: null, original: null };
  }
  return {
    style: styleJson,
    originalCodec: original.codec,
    originalDigest: original.digest,
    original: original.text,
  };
}

/**
 * A style of the original's codec that writes exactly the original text from the data: the carried
 * one when it does, else the one the codec detects. Null when none does (or the codec is missing):
 * then the original itself must be kept. Writing the data proves it still matches the text, so the
 * original's digest (decoding the text again, hashing both sides) is only computed when the original
 * is kept: most cassettes skip it.
 */
async function reproducingStyle(cassette: Cassette, codecs: CodecLookup): Promise<CodecStyle | null> {
  const original = cassette.format?.original;
  if (original === undefined) return null;
  const codec = await codecs(original.codec);
  if (codec === null) return null;
  const carried = cassette.format?.style;
  try {
    if (
      carried?.codec === original.codec &&
      codec.encode({ data: cassette.data, format: { style: carried } }) === original.text
    ) {
      return carried;
    }
    if (carried !== undefined && carried.codec !== original.codec) return null; // one style per cassette: keep the carried one
    // detectStyle answers only a style that writes exactly the text: no need to write it again.
    return codec.detectStyle?.(original.text, cassette.data) ?? null;
  } catch {
    // a codec that cannot write this data reproduces nothing
  }
  return null;
}

export function columnsToFormat(columns: StoredFormat): CassetteFormat | undefined {
  const style = columns.style === null ? undefined : (JSON.parse(columns.style) as CodecStyle);
  let original: CassetteFormat['original'];
  if (columns.original !== null) {
    original = {
      codec: columns.originalCodec ?? '',
      text: columns.original,
      digest: columns.originalDigest ?? '',
    };
  }
  if (style === undefined && original === undefined) return undefined;
  return { ...(style === undefined ? {} : { style }), ...(original === undefined ? {} : { original }) };
}
