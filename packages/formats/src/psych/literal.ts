/**
 * libyaml 0.2.5's `yaml_emitter_write_literal_scalar` with its block scalar hints (indentation
 * indicator when the text starts with a space or break, `-`/`+` chomping). Psych requests it for
 * text with inner line breaks and for `!binary`. Returns whether `+` chomping left the stream
 * "open ended" (libyaml then ends the stream with `...`).
 */
import type { Writer } from '../pyyaml/writer.js';

const isBreak = (c: number): boolean => c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;

export function writeLiteralLib(w: Writer, text: string, bestIndent: number): boolean {
  w.indicator('|', true, false, false);
  let openEnded = false;
  const first = text.charCodeAt(0);
  if (first === 32 || isBreak(first)) w.indicator(String(bestIndent), false, false, false);
  const n = text.length;
  let chomp = '';
  if (n === 0 || !isBreak(text.charCodeAt(n - 1))) chomp = '-';
  else if (n === 1 || isBreak(text.charCodeAt(n - 2))) {
    chomp = '+';
    openEnded = true;
  }
  if (chomp !== '') w.indicator(chomp, false, false, false);
  w.lineBreak('\n');
  let breaks = true;
  let start = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isBreak(c)) {
      if (start < i) w.out += text.slice(start, i);
      w.lineBreak(c === 10 ? '\n' : (text[i] as string));
      start = i + 1;
      breaks = true;
    } else if (breaks) {
      if (start < i) w.out += text.slice(start, i);
      start = i;
      w.writeIndent();
      w.indention = false;
      breaks = false;
    }
  }
  if (start < n) {
    w.out += text.slice(start);
    w.column += n - start;
    w.whitespace = false;
    w.indention = false;
  }
  return openEnded;
}
