import type { YamlStyle } from '../../src/pyyaml/index.js';

/** A file-name-safe id for a style, e.g. `libyaml-w80-ascii-block`. */
export function styleId(s: YamlStyle): string {
  const w = s.width === Number.POSITIVE_INFINITY ? 'inf' : String(s.width);
  return `${s.dumper}-w${w}-${s.unicode ? 'unicode' : 'ascii'}-${s.flow}`;
}

/** The styles the differential test covers: both dumpers x widths x allow_unicode, plus flow 'auto'. */
export const STYLES: YamlStyle[] = (() => {
  const out: YamlStyle[] = [];
  for (const dumper of ['libyaml', 'pyyaml'] as const) {
    for (const width of [80, Number.POSITIVE_INFINITY, 40]) {
      for (const unicode of [false, true]) out.push({ dumper, width, unicode, flow: 'block' });
    }
    out.push({ dumper, width: 80, unicode: false, flow: 'auto' });
  }
  return out;
})();

/** The settings tried on each corpus file (as scripts/pyyaml-corpus-styles.py does). */
export const CORPUS_STYLES: YamlStyle[] = (() => {
  const out: YamlStyle[] = [];
  for (const dumper of ['libyaml', 'pyyaml'] as const) {
    for (const width of [80, Number.POSITIVE_INFINITY]) {
      for (const unicode of [false, true]) {
        for (const flow of ['block', 'auto'] as const) out.push({ dumper, width, unicode, flow });
      }
    }
  }
  return out;
})();
