/**
 * The scalar writers of PyYAML's pure-Python `Emitter` (`write_plain`, `write_single_quoted`,
 * `write_double_quoted`), ported loop for loop. Indices are UTF-16 code units; a surrogate pair is
 * stepped over as one character, and columns are counted in code points like Python's `len`.
 * `split` is `not simple_key_context`: keys are never folded.
 */
import { escapeCodePoint, needsEscape } from './escape.js';
import { cpLength, type Writer } from './writer.js';

function isBreak(c: number): boolean {
  return c === 10 || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/** Plain scalars never hold breaks here (analysis forbids them), so only spaces can fold. */
export function writePlainPy(w: Writer, text: string, split: boolean, root: boolean, astral: boolean): void {
  if (root) w.openEnded = true;
  if (text.length === 0) return;
  if (!w.whitespace) {
    w.out += ' ';
    w.column += 1;
  }
  w.whitespace = false;
  w.indention = false;
  const n = text.length;
  // No space can sit past best_width when the whole text fits: write it in one go.
  if (!split || w.column + n <= w.bestWidth) {
    w.out += text;
    w.column += cpLength(text, 0, n, astral);
    return;
  }
  let start = 0;
  for (let i = 1; i < n - 1; i++) {
    if (text.charCodeAt(i) !== 32) continue;
    // A lone space (not part of a run) after a line that is already too long becomes a line break.
    if (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i + 1) === 32) continue;
    const col = w.column + cpLength(text, start, i, astral);
    if (col > w.bestWidth) {
      w.out += text.slice(start, i);
      w.column = col;
      w.writeIndent();
      w.whitespace = false;
      w.indention = false;
      start = i + 1;
    }
  }
  w.out += text.slice(start);
  w.column += cpLength(text, start, n, astral);
}

export function writeSingleQuotedPy(w: Writer, text: string, split: boolean, astral: boolean): void {
  w.indicator("'", true, false, false);
  const n = text.length;
  if (!split || w.column + n <= w.bestWidth) {
    // Fast path: nothing can fold; only quotes and breaks need work.
    let simple = true;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 39 || isBreak(c)) {
        simple = false;
        break;
      }
    }
    if (simple) {
      w.out += text;
      w.column += cpLength(text, 0, n, astral);
      w.indicator("'", false, false, false);
      return;
    }
  }
  let start = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      // Python folds a run of exactly one space, not first or last, once past best_width.
      if (split && i !== 0 && i !== n - 1 && text.charCodeAt(i - 1) !== 32 && text.charCodeAt(i + 1) !== 32) {
        const col = w.column + cpLength(text, start, i, astral);
        if (col > w.bestWidth) {
          w.out += text.slice(start, i);
          w.column = col;
          w.writeIndent();
          start = i + 1;
        }
      }
      i++;
    } else if (c === 39) {
      w.out += `${text.slice(start, i)}''`;
      w.column += cpLength(text, start, i, astral) + 2;
      start = ++i;
    } else if (isBreak(c)) {
      if (start < i) {
        w.out += text.slice(start, i);
        w.column += cpLength(text, start, i, astral);
      }
      let end = i;
      while (end < n && isBreak(text.charCodeAt(end))) end++;
      // A '\n' run gets one extra line break: a single newline inside quotes would fold to a space.
      if (c === 10) w.lineBreak('\n');
      for (let k = i; k < end; k++) w.lineBreak(text[k] as string);
      w.writeIndent();
      start = i = end;
    } else {
      i++;
    }
  }
  if (start < n) {
    w.out += text.slice(start);
    w.column += cpLength(text, start, n, astral);
  }
  w.indicator("'", false, false, false);
}

export function writeDoubleQuotedPy(w: Writer, text: string, split: boolean, unicode: boolean): void {
  w.indicator('"', true, false, false);
  const n = text.length;
  const width = w.bestWidth;
  let start = 0;
  let end = 0;
  // Unescaped runs never hold astral characters (those are always escaped), so code units = columns.
  while (end <= n) {
    let step = 1;
    let ch = -1;
    if (end < n) {
      ch = text.charCodeAt(end);
      if (ch >= 0xd800 && ch <= 0xdbff) {
        const lo = text.charCodeAt(end + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          ch = ((ch - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
          step = 2;
        }
      }
    }
    if (ch < 0 || needsEscape(ch, unicode)) {
      if (start < end) {
        w.out += text.slice(start, end);
        w.column += end - start;
        start = end;
      }
      if (ch >= 0) {
        const esc = escapeCodePoint(ch);
        w.out += esc;
        w.column += esc.length;
        start = end + step;
      }
    }
    // `0 < end < len(text)-1` in code points: not the first character and not the last one.
    if (split && end > 0 && end + step < n && (ch === 32 || start >= end)) {
      // Python's `end - start` is -1 right after an escape (start = end + 1).
      const pending = start > end ? -1 : end - start;
      if (w.column + pending > width) {
        const data = `${start < end ? text.slice(start, end) : ''}\\`;
        if (start < end) start = end;
        w.out += data;
        w.column += data.length;
        w.writeIndent();
        w.whitespace = false;
        w.indention = false;
        if (text.charCodeAt(start) === 32) {
          w.out += '\\';
          w.column += 1;
        }
      }
    }
    end += step;
  }
  w.indicator('"', false, false, false);
}
