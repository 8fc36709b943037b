import { type Cassette, type CassetteData, type CodecStyle, contentDigest } from '@cassettekit/core';
import type { CassetteCodec } from './codec.js';

/** Rewrites a changed cassette by editing its original text; null when that cannot be done exactly. */
export type Splice = (
  original: { text: string; data: CassetteData },
  data: CassetteData,
  style: CodecStyle,
) => string | null;

/**
 * The writing rule every codec shares: the original text while the data is unchanged (so files no
 * style reproduces still round-trip byte for byte); otherwise the cassette's own style of this codec
 * — carried, or detected from its original text — else the codec's default style. A changed cassette
 * whose original no style reproduces is spliced when the codec can: unchanged parts keep their text.
 */
export function encodeWith(
  codec: CassetteCodec,
  cassette: Cassette,
  emit: (data: CassetteData, style: CodecStyle) => string,
  splice?: Splice,
): string {
  const { format } = cassette;
  const original = format?.original?.codec === codec.name ? format.original : undefined;
  if (original !== undefined && original.digest === contentDigest(cassette.data)) return original.text;
  if (format?.style?.codec === codec.name) return emit(cassette.data, format.style);
  if (original !== undefined) {
    const before = codec.decode(original.text).data;
    const detected = codec.detectStyle(original.text, before);
    if (detected !== null) return emit(cassette.data, detected);
    const spliced =
      splice?.({ text: original.text, data: before }, cassette.data, codec.defaultStyle) ?? null;
    if (spliced !== null) return spliced;
  }
  return emit(cassette.data, codec.defaultStyle);
}
