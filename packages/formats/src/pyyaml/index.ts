/**
 * A byte-exact port of PyYAML 6 `yaml.dump` for cassette values: the pure-Python `Dumper` and the
 * libyaml 0.2.5 `CDumper` (they differ in folding, simple-key limits, `\r`, `\x85`, astral
 * characters and the `...` after a root plain scalar).
 */
import type { Value } from '@cassettekit/core';
import { Emitter } from './emitter.js';

export interface YamlStyle {
  /** 'libyaml' = yaml.dump(..., Dumper=yaml.CDumper); 'pyyaml' = the pure-Python yaml.Dumper */
  dumper: 'libyaml' | 'pyyaml';
  /**
   * PyYAML's `width` (default 80); Infinity for width=float('inf'). CDumper refuses a float width,
   * so for 'libyaml' Infinity means "no limit" (what CDumper does with width=-1).
   */
  width: number;
  /** PyYAML's `allow_unicode` */
  unicode: boolean;
  /** 'block' (default_flow_style=False, PyYAML >= 5.1 default) or 'auto' (default_flow_style=None, the pre-5.1 default: leaf collections in flow style) */
  flow: 'block' | 'auto';
}

export { UnencodableStringError } from './analyze.js';

/** The emitter's `best_width` for a requested width, as each implementation normalises it. */
function bestWidth(style: YamlStyle): number {
  const width = style.width;
  if (style.dumper === 'libyaml') {
    // yaml_emitter_emit_stream_start: 0..2*indent -> 80, negative -> INT_MAX.
    if (width === Number.POSITIVE_INFINITY || width < 0) return 2147483647;
    const w = Math.trunc(width);
    return w <= 4 ? 80 : w;
  }
  // Emitter.__init__: `if width and width > self.best_indent*2`.
  return width > 4 ? width : 80;
}

/**
 * `yaml.dump(value, Dumper=..., width=..., allow_unicode=..., default_flow_style=...)`, sort_keys on.
 * Throws `UnencodableStringError` where CDumper raises (lone surrogates).
 */
export function dumpPyYaml(value: Value, style: YamlStyle): string {
  const emitter = new Emitter({
    lib: style.dumper === 'libyaml',
    bestWidth: bestWidth(style),
    unicode: style.unicode,
    flowAuto: style.flow === 'auto',
  });
  return emitter.document(value);
}
