/**
 * The output side of the emitter: the text written so far and the few facts about it that PyYAML's
 * `Emitter` (and libyaml's `yaml_emitter_t`) consult when deciding where to break and indent.
 *
 * `column` counts code points, as both originals do (Python `len(str)`, libyaml one per UTF-8
 * character), so callers must not add UTF-16 lengths of text that holds astral characters.
 */
export class Writer {
  out = '';
  column = 0;
  /** The last character written is whitespace (so an indicator needs no leading space). */
  whitespace = true;
  /** Only indentation (spaces, `-`, `?`, `:`) has been written on this line so far. */
  indention = true;
  /** pyyaml only: a root plain scalar was written, so the stream ends with `...`. */
  openEnded = false;
  /** Current indentation; -1 stands for Python's `None` / libyaml's -1. */
  indent = -1;
  flowLevel = 0;
  private readonly indents: number[] = [];

  constructor(readonly bestWidth: number) {}

  /** `increase_indent`: the first level is 0 for block nodes and best_indent (2) for flow/scalars. */
  increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? 2 : 0;
    else if (!indentless) this.indent += 2;
  }

  popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  /** `write_indicator`: ASCII only, so `length` is the column width. */
  indicator(text: string, needWhitespace: boolean, whitespace: boolean, indention: boolean): void {
    // One piece, not two: every piece appended is a node V8 must visit when it flattens the output.
    if (needWhitespace && !this.whitespace) {
      this.out += ` ${text}`;
      this.column += 1 + text.length;
    } else {
      this.out += text;
      this.column += text.length;
    }
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.openEnded = false;
  }

  /** `write_indent`: a new line unless we are still in the indentation, then pad to `indent`. */
  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.out += breakAndIndent(indent);
      this.column = indent;
    } else if (this.column < indent) {
      this.out += spaces(indent - this.column);
      this.column = indent;
    }
    // Python leaves the flags alone when nothing was written, but they are already true then.
    this.whitespace = true;
    this.indention = true;
  }

  /** `write_line_break`: `br` is the break character itself (`\n`, `\x85`, `\u2028`, `\u2029`). */
  lineBreak(br: string): void {
    this.out += br;
    this.column = 0;
    this.whitespace = true;
    this.indention = true;
  }
}

const SPACES: string[] = [''];
/** Indentation strings, cached: deep documents ask for the same few widths over and over. */
export function spaces(n: number): string {
  let s = SPACES[n];
  if (s === undefined) {
    s = ' '.repeat(n);
    if (n < 1024) SPACES[n] = s;
  }
  return s;
}

/** Code points in `text[start, end)`: UTF-16 length minus the low halves of surrogate pairs. */
export function cpLength(text: string, start: number, end: number, astral: boolean): number {
  if (!astral) return end - start;
  let n = end - start;
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) {
      const p = text.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}

const BREAKS: string[] = [];
/** A line break followed by `n` spaces of indentation, cached like spaces(). */
export function breakAndIndent(n: number): string {
  let s = BREAKS[n];
  if (s === undefined) {
    s = `\n${spaces(n)}`;
    if (n < 1024) BREAKS[n] = s;
  }
  return s;
}
