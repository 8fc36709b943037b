import { type Cassette, type CodecStyle, contentDigest } from '@cassettekit/core';
import type { CassetteCodec } from '../codec/codec.js';
import { dialectOf } from './registry.js';

/**
 * A cassette of another tool than vcrpy, written the way that tool writes it: its original text while
 * its data is unchanged, else the tool's writer in the cassette's style (carried, or detected from
 * the original text). Null for vcrpy, and for dialects with no writer for this codec yet: the codec
 * then writes as it does for vcrpy (PyYAML, `json.dumps`).
 */
export function encodeInDialect(codec: CassetteCodec, cassette: Cassette): string | null {
  const dialect = dialectOf(cassette);
  if (dialect.name === 'vcrpy') return null;
  const { format } = cassette;
  const original = format?.original?.codec === codec.name ? format.original : undefined;
  if (original !== undefined && original.digest === contentDigest(cassette.data)) return original.text;
  let style: CodecStyle | null = null;
  if (format?.style?.codec === codec.name && format.style.dialect === dialect.name) style = format.style;
  else if (original !== undefined) {
    style = dialect.detectStyle(original.text, codec.decode(original.text).data, codec.name);
  }
  return dialect.emit(cassette.data, codec.name, style);
}

/** The style of a non-vcrpy cassette's text, or undefined for vcrpy documents (the codec's own rule). */
export function detectInDialect(
  codec: 'yaml' | 'json',
  text: string,
  data: Cassette['data'],
): CodecStyle | null | undefined {
  const dialect = dialectOf({ data });
  if (dialect.name === 'vcrpy') return undefined;
  return dialect.detectStyle(text, data, codec);
}
