/**
 * libyaml's `yaml_emitter_write_double_quoted_scalar` without allow_unicode (what vcrpy writes),
 * escaping and folding in one pass over the text. Without allow_unicode everything outside printable
 * ASCII is escaped, so every unescaped character is one column. Events are found with native scans:
 * `"`, `\` and `\n` (nearly all the escapes of JSON bodies) by indexOf, the other escapes by one
 * regex cursor, fold candidates by indexOf(' ') from the first column past best_width; the text
 * between events is copied as slices, never character by character.
 */
import { UnencodableStringError } from './analyze.js';
import { escapeCodePoint } from './escape.js';
import { breakAndIndent, type Writer } from './writer.js';

/** Escaped without allow_unicode, but for `"`, `\` and `\n`, which have cursors of their own. */
const OTHER_ESCAPED = /[^\n\x20-\x7e]/g;

/**
 * A space folds (a line break and the indentation replace it) when it is neither the first nor the
 * last character, does not follow a space, and its column is past best_width; a space right after
 * the fold is protected with `\`. `allowBreaks` is `!simple_key_context`.
 */
export function writeDoubleQuotedAscii(w: Writer, text: string, allowBreaks: boolean): void {
  w.indicator('"', true, false, false);
  const n = text.length;
  const width = allowBreaks ? w.bestWidth : Number.POSITIVE_INFINITY;
  const fold = breakAndIndent(Math.max(w.indent, 0));
  const foldColumn = fold.length - 1;
  const at = (found: number): number => (found < 0 ? n : found);
  let quote = at(text.indexOf('"'));
  let backslash = at(text.indexOf('\\'));
  let lf = at(text.indexOf('\n'));
  OTHER_ESCAPED.lastIndex = 0;
  let other = OTHER_ESCAPED.test(text) ? OTHER_ESCAPED.lastIndex - 1 : n;
  let space = -1; // the last space found, not yet passed
  let col = w.column;
  let out = '';
  let pos = 0; // text[pos..] is not written yet
  for (;;) {
    const esc = Math.min(quote, backslash, lf, other);
    // The first space before the next escape whose column (col + distance) is past the width.
    let from = pos + width - col + 1;
    if (from < pos) from = pos;
    let folded = false;
    while (from < esc && from < n - 1) {
      if (space < from) space = text.indexOf(' ', from);
      if (space < 0) space = n;
      if (space >= esc || space >= n - 1) break;
      if (space === 0 || text.charCodeAt(space - 1) === 32) {
        from = space + 1;
        continue;
      }
      out += pos < space ? text.slice(pos, space) + fold : fold;
      col = foldColumn;
      pos = space + 1;
      if (text.charCodeAt(pos) === 32) {
        out += '\\';
        col++;
      }
      folded = true;
      break;
    }
    if (folded) continue;
    if (esc >= n) break;
    let after = esc + 1;
    let escaped: string;
    if (esc === quote) {
      escaped = '\\"';
      quote = at(text.indexOf('"', after));
    } else if (esc === backslash) {
      escaped = '\\\\';
      backslash = at(text.indexOf('\\', after));
    } else if (esc === lf) {
      escaped = '\\n';
      lf = at(text.indexOf('\n', after));
    } else {
      let cp = text.charCodeAt(esc);
      if (cp >= 0xd800 && cp <= 0xdfff) {
        const lo = text.charCodeAt(after);
        // libyaml cannot encode a lone surrogate to UTF-8 (PyYAML raises UnicodeEncodeError).
        if (cp > 0xdbff || !(lo >= 0xdc00 && lo <= 0xdfff)) throw new UnencodableStringError(esc);
        cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        after++;
      }
      escaped = escapeCodePoint(cp);
      OTHER_ESCAPED.lastIndex = after;
      other = OTHER_ESCAPED.test(text) ? OTHER_ESCAPED.lastIndex - 1 : n;
    }
    out += pos < esc ? text.slice(pos, esc) + escaped : escaped;
    col += esc - pos + escaped.length;
    pos = after;
  }
  if (pos < n) {
    out += pos === 0 ? text : text.slice(pos);
    col += n - pos;
  }
  w.out += out;
  w.column = col;
  w.indicator('"', false, false, false);
  w.whitespace = false;
  w.indention = false;
}
