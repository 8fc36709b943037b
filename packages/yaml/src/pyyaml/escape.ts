/**
 * Double-quoted escapes, identical in `Emitter.ESCAPE_REPLACEMENTS` and libyaml's
 * `yaml_emitter_write_double_quoted_scalar`: short forms, then `\xXX`, `\uXXXX`, `\UXXXXXXXX`
 * (upper-case hex).
 */

const SHORT: Record<number, string> = {
  0: '\\0',
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
  27: '\\e',
  34: '\\"',
  92: '\\\\',
  133: '\\N',
  160: '\\_',
  8232: '\\L',
  8233: '\\P',
};

const CACHE = new Map<number, string>();

export function escapeCodePoint(cp: number): string {
  const short = SHORT[cp];
  if (short !== undefined) return short;
  let s = CACHE.get(cp);
  if (s === undefined) {
    const hex = cp.toString(16).toUpperCase();
    if (cp <= 0xff) s = `\\x${hex.padStart(2, '0')}`;
    else if (cp <= 0xffff) s = `\\u${hex.padStart(4, '0')}`;
    else s = `\\U${hex.padStart(8, '0')}`;
    if (CACHE.size < 4096) CACHE.set(cp, s);
  }
  return s;
}

/**
 * Whether a code point is written escaped in a double-quoted scalar. Both emitters agree: printable
 * ASCII except `"` and `\`, plus (with allow_unicode) U+00A0..U+D7FF and U+E000..U+FFFD, minus the
 * breaks `\x85 \u2028 \u2029` and the BOM. Astral characters are always escaped.
 */
export function needsEscape(cp: number, unicode: boolean): boolean {
  if (cp >= 0x20 && cp <= 0x7e) return cp === 0x22 || cp === 0x5c;
  if (!unicode || cp < 0xa0) return true;
  if (cp <= 0xd7ff) return cp === 0x2028 || cp === 0x2029;
  return cp < 0xe000 || cp > 0xfffd || cp === 0xfeff;
}
