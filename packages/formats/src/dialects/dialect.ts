import type {
  Cassette,
  CassetteData,
  CodecStyle,
  DialectName,
  DialectReader,
  InteractionView,
} from '@cassettekit/core';

/** A document built from views, with what the dialect could not carry of them. */
export interface FromViews {
  readonly data: CassetteData;
  /** One short note per kind of thing dropped or re-encoded (`"HTTP versions (go-vcr has none)"`). */
  readonly notes: readonly string[];
}

/**
 * One tool's cassette format: detection and the view (from core's reader), writing in the tool's own
 * style, and building a document from views (for `convert`).
 */
export interface Dialect extends DialectReader {
  /** The text kinds this tool writes, its usual one first. */
  readonly codecs: readonly ('yaml' | 'json')[];
  /**
   * The data in the tool's own style of `codec` (`style` from the cassette, or null for the tool's
   * default), or null when this port has no writer for it yet: the codec then writes PyYAML / JSON.
   */
  emit(data: CassetteData, codec: 'yaml' | 'json', style: CodecStyle | null): string | null;
  /** The style (of `codec`) that writes exactly `text` for `data`, or null. */
  detectStyle(text: string, data: CassetteData, codec: 'yaml' | 'json'): CodecStyle | null;
  /** A new document holding `views` (`name` is the cassette's, for formats that record one). */
  fromViews(views: readonly InteractionView[], name: string): FromViews;
  /** What this document holds beyond the views (dropped by `convert` into another dialect). */
  beyondView(data: CassetteData): string[];
}

/** The dialect a cassette is in: the one its style names, else the one its document shows. */
export function dialectNameOf(cassette: Cassette, detected: DialectName): DialectName {
  const named = cassette.format?.style?.dialect;
  return typeof named === 'string' && isDialectName(named) ? named : detected;
}

export function isDialectName(name: string): name is DialectName {
  return ['vcrpy', 'ruby-vcr', 'har', 'go-vcr', 'nock', 'betamax'].includes(name);
}
