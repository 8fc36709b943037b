/**
 * The scalar writers of libyaml 0.2.5's emitter.c (`yaml_emitter_write_plain_scalar`,
 * `..._single_quoted_scalar`, `..._double_quoted_scalar`), which PyYAML's `CDumper` uses. They fold
 * differently from the Python ones: a double-quoted scalar folds at a space without a trailing `\`,
 * and never right after an escape. Astral characters never reach plain or single-quoted style
 * (libyaml does not call them printable), so code units are columns in those writers.
 * `allowBreaks` is `!simple_key_context`.
 */
import { escapeCodePoint, needsEscape } from './escape.js';
import type { Writer } from './writer.js';

function isBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;
}

export function writePlainLib(w: Writer, text: string, allowBreaks: boolean): void {
  const n = text.length;
  if (!w.whitespace && (n > 0 || w.flowLevel > 0)) {
    w.out += ' ';
    w.column += 1;
  }
  if (!allowBreaks || w.column + n <= w.bestWidth) {
    w.out += text;
    w.column += n;
  } else {
    let start = 0;
    // The first character is never a space in a plain scalar.
    for (let i = 1; i < n; i++) {
      if (text.charCodeAt(i) !== 32) continue;
      if (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i + 1) === 32) continue;
      const col = w.column + (i - start);
      if (col > w.bestWidth) {
        w.out += text.slice(start, i);
        w.column = col;
        w.writeIndent();
        start = i + 1;
      }
    }
    w.out += text.slice(start);
    w.column += n - start;
  }
  w.whitespace = false;
  w.indention = false;
}

export function writeSingleQuotedLib(w: Writer, text: string, allowBreaks: boolean): void {
  w.indicator("'", true, false, false);
  const n = text.length;
  let start = 0;
  let i = 0;
  let breaks = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (
        allowBreaks &&
        i !== 0 &&
        i !== n - 1 &&
        text.charCodeAt(i - 1) !== 32 &&
        text.charCodeAt(i + 1) !== 32 &&
        w.column + (i - start) > w.bestWidth
      ) {
        w.out += text.slice(start, i);
        w.column += i - start;
        w.writeIndent();
        start = i + 1;
      }
      i++;
    } else if (isBreak(c)) {
      if (start < i) {
        w.out += text.slice(start, i);
        w.column += i - start;
      }
      // The first '\n' of a run is doubled (PUT_BREAK), then every break is copied (WRITE_BREAK).
      if (!breaks && c === 10) w.out += '\n';
      w.out += c === 10 ? '\n' : text[i];
      w.column = 0;
      w.indention = true;
      breaks = true;
      start = ++i;
    } else {
      if (breaks) {
        w.writeIndent();
        breaks = false;
      }
      if (c === 39) {
        w.out += `${text.slice(start, i)}'`;
        w.column += i - start + 1;
        start = i;
      }
      i++;
    }
  }
  if (start < n) {
    w.out += text.slice(start);
    w.column += n - start;
  }
  if (breaks) w.writeIndent();
  w.indicator("'", false, false, false);
  w.whitespace = false;
  w.indention = false;
}

export function writeDoubleQuotedLib(w: Writer, text: string, allowBreaks: boolean, unicode: boolean): void {
  w.indicator('"', true, false, false);
  const n = text.length;
  let start = 0;
  let spaces = false;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c > 32 && c <= 0x7e && c !== 34 && c !== 92) {
      // Fast path: printable ASCII other than space, quote and backslash is copied as is.
      spaces = false;
      i++;
      continue;
    }
    let step = 1;
    if (c >= 0xd800 && c <= 0xdbff) {
      // A pair (lone surrogates were refused by the analysis).
      c = ((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00) + 0x10000;
      step = 2;
    }
    if (c === 32) {
      if (allowBreaks && !spaces && i !== 0 && i !== n - 1 && w.column + (i - start) > w.bestWidth) {
        w.out += text.slice(start, i);
        w.column += i - start;
        w.writeIndent();
        if (text.charCodeAt(i + 1) === 32) {
          w.out += '\\';
          w.column += 1;
        }
        start = i + 1;
      }
      spaces = true;
    } else {
      if (needsEscape(c, unicode)) {
        if (start < i) {
          w.out += text.slice(start, i);
          w.column += i - start;
        }
        const esc = escapeCodePoint(c);
        w.out += esc;
        w.column += esc.length;
        start = i + step;
      }
      spaces = false;
    }
    i += step;
  }
  if (start < n) {
    w.out += text.slice(start);
    w.column += n - start;
  }
  w.indicator('"', false, false, false);
  w.whitespace = false;
  w.indention = false;
}
