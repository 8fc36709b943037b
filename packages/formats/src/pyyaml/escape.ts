/**
 * Double-quoted escapes, identical in `Emitter.ESCAPE_REPLACEMENTS` and libyaml's
 * `yaml_emitter_write_double_quoted_scalar`: short forms, then `\xXX`, `\uXXXX`, `\UXXXXXXXX`
 * (upper-case hex).
 */

import { UnencodableStringError } from './analyze.js';

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

// Every escape below U+0100 precomputed (the common case: quotes, backslashes, controls, Latin-1).
const LATIN1: string[] = [];
for (let cp = 0; cp < 0x100; cp++) {
  LATIN1[cp] = SHORT[cp] ?? `\\x${cp.toString(16).toUpperCase().padStart(2, '0')}`;
}

const CACHE = new Map<number, string>();

export function escapeCodePoint(cp: number): string {
  if (cp < 0x100) return LATIN1[cp] as string;
  const short = SHORT[cp];
  if (short !== undefined) return short;
  let s = CACHE.get(cp);
  if (s === undefined) {
    const hex = cp.toString(16).toUpperCase();
    s = cp <= 0xffff ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`;
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

// Everything needsEscape() says must be escaped (surrogates included), as regex classes: a native
// scan finds the next one much faster than a JS loop visits every character of a long body.
const ESCAPED = /[^\x20\x21\x23-\x5b\x5d-\x7e]/g;
const ESCAPED_UNICODE = /[^\x20\x21\x23-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/g;

/**
 * `text` with every character that needsEscape() escaped, as libyaml writes a double-quoted scalar
 * before folding. Lone surrogates throw UnencodableStringError: libyaml cannot encode them to UTF-8
 * (only double-quoted style can hold them, so the writer is where they are met).
 */
export function escapeDoubleQuotedLib(text: string, unicode: boolean): string {
  const re = unicode ? ESCAPED_UNICODE : ESCAPED;
  re.lastIndex = 0;
  // test() on a global regex leaves lastIndex just past the match: no match array is allocated.
  if (!re.test(text)) return text;
  let out = '';
  let start = 0;
  do {
    const i = re.lastIndex - 1;
    let cp = text.charCodeAt(i);
    let next = i + 1;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      const lo = text.charCodeAt(next);
      if (cp > 0xdbff || !(lo >= 0xdc00 && lo <= 0xdfff)) throw new UnencodableStringError(i);
      cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
      next++;
    }
    out += start < i ? text.slice(start, i) + escapeCodePoint(cp) : escapeCodePoint(cp);
    start = next;
    re.lastIndex = next;
  } while (re.test(text));
  return start < text.length ? out + text.slice(start) : out;
}
