import { isValueMap, type Value, type ValueMap } from './value.js';

/**
 * A cassette: the document a VCR tool wrote (vcrpy's `version: 1` shape), kept lossless, plus how it
 * was written. Every key the tool wrote is kept, including ones this package does not know
 * (`recorded_at`, `http_version`, legacy `status_code`/`content` forms), in the order they came.
 *
 * The typed accessors in `interaction.ts` read the well-known fields; nothing is normalised away.
 */
export interface Cassette {
  /** The document. Top-level keys other than `interactions` (e.g. `version`) are kept as they came. */
  readonly data: CassetteData;
  /** How the cassette was written; stores keep it so the codec can write it back the same way. */
  readonly format?: CassetteFormat;
}

/**
 * The cassette document. `interactions` is absent only when the source had none (an empty file);
 * read it through {@link interactionsOf}.
 */
export type CassetteData = ValueMap;

/** One recorded exchange: `request` and `response` maps plus any other keys (e.g. `recorded_at`). */
export interface InteractionData extends ValueMap {
  request: ValueMap;
  response: ValueMap;
}

/**
 * How a cassette's text was written, detected when it was read. It is data about the cassette, not
 * part of it: it does not enter the content digest. The style names the dialect (`dialect: 'har'`)
 * when it is not vcrpy, so every store that keeps the style keeps the dialect.
 */
export interface CassetteFormat {
  /**
   * The codec style that reproduces the source text, when one does. Codecs define the options
   * (`{codec: 'yaml', dumper: 'libyaml', width: 80, unicode: false}`); stores keep it as it is.
   */
  readonly style?: CodecStyle;
  /**
   * The exact text the cassette was read from, with the digest of the data it holds. A codec writes
   * it back unchanged while the cassette's digest still equals `digest`, so a file no style
   * reproduces still round-trips byte for byte.
   */
  readonly original?: { readonly codec: string; readonly text: string; readonly digest: string };
}

/** A value stored under `key` of a map-valued `value`, or undefined. */
export function field(value: Value | undefined, key: string): Value | undefined {
  return isValueMap(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** A codec's writing options, plain data so that every store can keep it (as JSON, as metadata). */
export interface CodecStyle {
  readonly codec: string;
  readonly [option: string]: string | number | boolean;
}
