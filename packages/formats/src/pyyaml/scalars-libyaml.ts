/**
 * The scalar writers of libyaml 0.2.5's emitter.c (`yaml_emitter_write_plain_scalar`,
 * `..._single_quoted_scalar`, `..._double_quoted_scalar`), which PyYAML's `CDumper` uses. They fold
 * differently from the Python ones: a double-quoted scalar folds at a space without a trailing `\`,
 * and never right after an escape. Astral characters never reach plain or single-quoted style
 * (libyaml does not call them printable), so code units are columns in those writers.
 * `allowBreaks` is `!simple_key_context`.
 *
 * Folding only ever happens at a space whose column is past best_width, so the writers jump to that
 * column and find spaces with indexOf rather than visiting every character of long bodies.
 */
import { writeDoubleQuotedAscii } from './double-quoted-ascii.js';
import { escapeDoubleQuotedLib } from './escape.js';
import type { Writer } from './writer.js';

/**
 * Writes `text` (no line breaks in it) folding at single spaces, not the first or last character,
 * once their column is past best_width: the folding of libyaml's plain and single-quoted writers
 * (a plain scalar never starts or ends with a space, so the extra edge rule changes nothing there).
 */
function writeFoldedAtSpaces(w: Writer, text: string): void {
  const n = text.length;
  const width = w.bestWidth;
  let start = 0;
  // The column of text[i] is w.column + (i - start): candidates start where that exceeds width.
  let i = Math.max(0, width - w.column + 1);
  while (i < n - 1) {
    const j = text.indexOf(' ', i);
    if (j < 0 || j >= n - 1) break;
    if (j === 0 || text.charCodeAt(j - 1) === 32 || text.charCodeAt(j + 1) === 32) {
      i = j + 1;
      continue;
    }
    w.out += text.slice(start, j);
    w.column += j - start;
    w.writeIndent();
    start = j + 1;
    i = start + Math.max(0, width - w.column + 1);
  }
  w.out += start === 0 ? text : text.slice(start);
  w.column += n - start;
}

export function writePlainLib(w: Writer, text: string, allowBreaks: boolean): void {
  const n = text.length;
  const space = !w.whitespace && (n > 0 || w.flowLevel > 0);
  if (!allowBreaks || w.column + (space ? 1 : 0) + n <= w.bestWidth) {
    w.out += space ? ` ${text}` : text;
    w.column += (space ? 1 : 0) + n;
  } else {
    if (space) {
      w.out += ' ';
      w.column += 1;
    }
    writeFoldedAtSpaces(w, text);
  }
  w.whitespace = false;
  w.indention = false;
}

/**
 * `multiline` is the analysis' MULTILINE flag. Without breaks, a quote only doubles itself, which
 * folding cannot tell from two characters, so the doubled text folds like a plain scalar.
 */
export function writeSingleQuotedLib(
  w: Writer,
  text: string,
  allowBreaks: boolean,
  multiline: boolean,
): void {
  w.indicator("'", true, false, false);
  if (multiline) writeSingleQuotedLines(w, text, allowBreaks);
  else writeSingleQuotedLine(w, text, allowBreaks);
  w.indicator("'", false, false, false);
  w.whitespace = false;
  w.indention = false;
}

// A run of line breaks (libyaml IS_BREAK).
const BREAKS = /[\n\r\x85\u2028\u2029]+/g;

/**
 * Single-quoted text holding line breaks: the lines between break runs fold like single-line text
 * (the analysis guarantees no space touches a break, so a line's edges are the text's own rules),
 * and a run of breaks is copied with its first '\n' doubled (PUT_BREAK, then WRITE_BREAK each).
 */
function writeSingleQuotedLines(w: Writer, text: string, allowBreaks: boolean): void {
  let start = 0;
  let breaks = false;
  BREAKS.lastIndex = 0;
  for (let m = BREAKS.exec(text); m !== null; m = BREAKS.exec(text)) {
    if (start < m.index) {
      if (breaks) w.writeIndent();
      writeSingleQuotedLine(w, text.slice(start, m.index), allowBreaks);
    }
    const run = m[0];
    w.out += run.charCodeAt(0) === 10 ? `\n${run}` : run;
    w.column = 0;
    w.indention = true;
    breaks = true;
    start = BREAKS.lastIndex;
  }
  if (start < text.length) {
    if (breaks) w.writeIndent();
    writeSingleQuotedLine(w, text.slice(start), allowBreaks);
  } else {
    w.writeIndent();
  }
}

/** Break-free text in single quotes. */
function writeSingleQuotedLine(w: Writer, text: string, allowBreaks: boolean): void {
  const quoted = text.indexOf("'") < 0 ? text : text.replaceAll("'", "''");
  if (!allowBreaks || w.column + quoted.length <= w.bestWidth) {
    w.out += quoted;
    w.column += quoted.length;
  } else {
    writeFoldedAtSpaces(w, quoted);
  }
}

/**
 * Escapes first, then folds the escaped text: spaces are never escaped and every escape starts with
 * `\` and ends in a non-space, so "the previous character was a space", "first/last character" and
 * the column (one per character; astral characters are always escaped) read the same on it.
 * A fold consumes the space; a space right after it is protected with `\`.
 */
export function writeDoubleQuotedLib(w: Writer, text: string, allowBreaks: boolean, unicode: boolean): void {
  if (!unicode) {
    writeDoubleQuotedAscii(w, text, allowBreaks);
    return;
  }
  w.indicator('"', true, false, false);
  const escaped = escapeDoubleQuotedLib(text, unicode);
  const n = escaped.length;
  if (!allowBreaks || w.column + n <= w.bestWidth) {
    w.out += escaped;
    w.column += n;
  } else {
    const width = w.bestWidth;
    let start = 0;
    let i = Math.max(0, width - w.column + 1);
    while (i < n - 1) {
      const j = escaped.indexOf(' ', i);
      if (j < 0 || j >= n - 1) break;
      if (j === 0 || escaped.charCodeAt(j - 1) === 32) {
        i = j + 1;
        continue;
      }
      w.out += escaped.slice(start, j);
      w.column += j - start;
      w.writeIndent();
      if (escaped.charCodeAt(j + 1) === 32) {
        w.out += '\\';
        w.column += 1;
      }
      start = j + 1;
      i = start + Math.max(0, width - w.column + 1);
    }
    w.out += start === 0 ? escaped : escaped.slice(start);
    w.column += n - start;
  }
  w.indicator('"', false, false, false);
  w.whitespace = false;
  w.indention = false;
}
