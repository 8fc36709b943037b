import { type Cassette, type CassetteData, type CodecStyle, contentDigest } from '@cassette/core';
import type { CassetteCodec } from './codec.js';

/**
 * The writing rule every codec shares: the original text while the data is unchanged (so files no
 * style reproduces still round-trip byte for byte); otherwise the cassette's own style of this codec
 * — carried, or detected from its original text — else the codec's default style.
 */
export function encodeWith(
  codec: CassetteCodec,
  cassette: Cassette,
  emit: (data: CassetteData, style: CodecStyle) => string,
): string {
  const { format } = cassette;
  const original = format?.original?.codec === codec.name ? format.original : undefined;
  if (original !== undefined && original.digest === contentDigest(cassette.data)) return original.text;
  return emit(cassette.data, styleFor(codec, cassette));
}

/** The style a changed cassette is written in by `codec`. */
export function styleFor(codec: CassetteCodec, cassette: Cassette): CodecStyle {
  const { format } = cassette;
  if (format?.style?.codec === codec.name) return format.style;
  if (format?.original?.codec === codec.name) {
    const before = codec.decode(format.original.text);
    const detected = codec.detectStyle(format.original.text, before.data);
    if (detected !== null) return detected;
  }
  return codec.defaultStyle;
}
