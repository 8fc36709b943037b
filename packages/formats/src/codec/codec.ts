import type { Cassette, CassetteData, CodecStyle } from '@cassettekit/core';

/** Where a text came from, for error messages. */
export interface SourceInfo {
  readonly store?: string;
  readonly cassette?: string;
}

/**
 * How a cassette is written, apart from where it lives (vcrpy's serializer vs persister split).
 * Stores call `decode` on what they read and `encode` on what they write.
 */
export interface CassetteCodec {
  readonly name: 'yaml' | 'json';
  /** File extensions this codec reads; the first one is used for new files. */
  readonly extensions: readonly string[];
  /** The extension of a new file for this cassette, when not the first one (`.har` for Polly's HAR). */
  extensionFor?(cassette: Cassette): string;
  /** The style written for cassettes that carry none of this codec's. */
  readonly defaultStyle: CodecStyle;
  /**
   * Text -> cassette. Throws INVALID_CASSETTE (with line and column) for malformed text, refused
   * tags, and documents that are not cassettes. Keeps the text as `format.original`.
   */
  decode(text: string, source?: SourceInfo): Cassette;
  /**
   * Cassette -> text: the original text while the data is unchanged; otherwise the cassette's own
   * style of this codec (given, or detected from its original text), else `defaultStyle`.
   */
  encode(cassette: Cassette): string;
  /** The style that writes exactly `text` for `data`, or null when none does. */
  detectStyle(text: string, data: CassetteData): CodecStyle | null;
}
