/**
 * A fast path for the YAML that PyYAML's emitter writes (every vcrpy cassette): block mappings,
 * PyYAML's indentless sequences, plain / single-quoted / double-quoted scalars (folded across lines),
 * `!!binary |` blocks and empty `{}` / `[]`. It reads those documents with string searches instead of
 * js-yaml's character-by-character scanner, which is most of the cost of loading a cassette.
 *
 * Anything else — anchors, aliases, other tags, comments, flow collections, block scalars, complex or
 * merge keys, tabs in indentation, document markers — makes it give up (`undefined`), and the caller
 * reads the text with js-yaml and the full schema. It never guesses: the differential tests check that
 * wherever it answers, it answers exactly what js-yaml with CASSETTE_SCHEMA answers.
 */
import { setKey, type Value, type ValueMap } from '@cassettekit/core';
import type yaml from 'js-yaml';
import { CASSETTE_SCHEMA } from './yaml-schema.js';

/** Thrown inside the fast path to hand the document to the full parser. */
class GiveUp {}
const GIVE_UP = new GiveUp();

// js-yaml's schema holds its implicit resolvers at run time; its type definitions omit them.
const IMPLICIT = (CASSETTE_SCHEMA as unknown as { compiledImplicit: yaml.Type[] }).compiledImplicit;

/** The data the document holds, or undefined when the full parser must read it. */
export function fastLoadYaml(text: string): Value | undefined {
  // vcrpy writes `interactions:` first; anything else goes straight to the full parser.
  if (text.charCodeAt(0) !== 0x69 /* i */) return undefined;
  return fastLoadMapping(text);
}

/** The fast path for any document that is a block mapping (exported for the differential tests). */
export function fastLoadMapping(text: string): Value | undefined {
  if (text.length === 0 || text.includes('\t') || text.includes('\r')) return undefined;
  try {
    return new Parser(text).document();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const DASH = 0x2d;
const COLON = 0x3a;
const QUOTE = 0x27;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;

/** First characters of the plain scalars CASSETTE_SCHEMA resolves to something other than a string. */
const MAY_RESOLVE = new Set([...'yYnNtTfFoO~-+.0123456789<'].map((c) => c.charCodeAt(0)));

/** Decimal ints that are safe integers and not octal (`017` is octal in YAML 1.1). */
const SMALL_DECIMAL = /^(?:0|[1-9][0-9]{0,14})$/;

/** Plain scalars that start with one of these are indicators or need the full parser. */
const PLAIN_START_REFUSED = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));

class Parser {
  private pos = 0;
  private readonly plainCache = new Map<string, Value>();

  constructor(private readonly text: string) {}

  document(): Value {
    const value = this.mapping(0, 0);
    if (this.pos < this.text.length) throw GIVE_UP;
    return value;
  }

  /** The indentation of the line starting at `at`, or -1 at the end of the text. Empty lines give up. */
  private indentAt(at: number): number {
    const text = this.text;
    if (at >= text.length) return -1;
    let i = at;
    while (text.charCodeAt(i) === SPACE) i++;
    const c = text.charCodeAt(i);
    if (c === NEWLINE || Number.isNaN(c)) throw GIVE_UP; // blank lines between nodes: leave to js-yaml
    return i - at;
  }

  private lineEnd(from: number): number {
    const end = this.text.indexOf('\n', from);
    return end === -1 ? this.text.length : end;
  }

  /**
   * A block mapping whose keys sit at column `indent`; the first key starts at `start` (a line start
   * plus `indent`, or the position after `- `).
   */
  private mapping(indent: number, start: number): ValueMap {
    const text = this.text;
    const map: ValueMap = {};
    let at = start;
    for (;;) {
      const key = this.key(at);
      // `this.pos` is after `:`.
      const c = text.charCodeAt(this.pos);
      let value: Value;
      if (c === NEWLINE || this.pos >= text.length) {
        value = this.blockValue(indent);
      } else if (c === SPACE) {
        this.pos++;
        value = this.inlineValue(indent);
      } else throw GIVE_UP;
      if (Object.hasOwn(map, key)) throw GIVE_UP; // duplicate keys: js-yaml's rules apply
      if (key === '__proto__') setKey(map, key, value);
      else map[key] = value;
      // `this.pos` is at the start of the next line (or the end).
      const next = this.indentAt(this.pos);
      if (next < indent) return map;
      if (next > indent) throw GIVE_UP;
      at = this.pos + indent;
      if (text.charCodeAt(at) === DASH && text.charCodeAt(at + 1) === SPACE) throw GIVE_UP;
    }
  }

  /** A mapping key at `at`; leaves `pos` just after its `:`. */
  private key(at: number): string {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === QUOTE || c === DQUOTE) {
      this.pos = at + 1;
      const key = c === QUOTE ? this.singleQuoted(-1) : this.doubleQuoted(-1);
      if (text.charCodeAt(this.pos) !== COLON) throw GIVE_UP;
      this.pos++;
      return key;
    }
    if (PLAIN_START_REFUSED.has(c)) throw GIVE_UP;
    const end = this.lineEnd(at);
    let colon = text.indexOf(':', at);
    while (colon !== -1 && colon < end) {
      const after = text.charCodeAt(colon + 1);
      if (after === SPACE || after === NEWLINE || colon + 1 === text.length) break;
      colon = text.indexOf(':', colon + 1);
    }
    if (colon === -1 || colon >= end) throw GIVE_UP;
    const raw = text.slice(at, colon);
    if (raw.includes(' #') || raw.endsWith(' ') || raw === '<<') throw GIVE_UP;
    const resolved = this.resolvePlain(raw);
    if (typeof resolved !== 'string') throw GIVE_UP; // keys that are numbers, booleans, null
    this.pos = colon + 1;
    return resolved;
  }

  /** The value of a key whose line ends after `:` — a nested block, an indentless sequence, or null. */
  private blockValue(indent: number): Value {
    const text = this.text;
    this.pos = this.pos >= text.length ? text.length : this.pos + 1;
    const next = this.indentAt(this.pos);
    if (next === -1 || next < indent) return null;
    const first = this.pos + next;
    const isItem = text.charCodeAt(first) === DASH && text.charCodeAt(first + 1) === SPACE;
    if (next === indent) {
      if (!isItem) return null;
      return this.sequence(indent);
    }
    if (isItem) return this.sequence(next);
    return this.mapping(next, first);
  }

  /** A block sequence whose `- ` sit at column `indent`, starting at the current line. */
  private sequence(indent: number): Value[] {
    const text = this.text;
    const list: Value[] = [];
    for (;;) {
      const at = this.pos + indent;
      // At `- `.
      const itemStart = at + 2;
      this.pos = itemStart;
      const c = text.charCodeAt(itemStart);
      if (c === SPACE || c === NEWLINE) throw GIVE_UP;
      if (this.startsMapping(itemStart)) list.push(this.mapping(indent + 2, itemStart));
      else list.push(this.inlineValue(indent));
      const next = this.indentAt(this.pos);
      if (next !== indent) {
        if (next > indent) throw GIVE_UP;
        return list;
      }
      const dash = this.pos + indent;
      if (text.charCodeAt(dash) !== DASH || text.charCodeAt(dash + 1) !== SPACE) return list;
    }
  }

  /** Whether the node at `at` (after `- `) is a mapping whose first key is on this line. */
  private startsMapping(at: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === QUOTE || c === DQUOTE) {
      // A quoted scalar item; a quoted key would need the full parser.
      return false;
    }
    if (PLAIN_START_REFUSED.has(c)) return false;
    const end = this.lineEnd(at);
    let colon = text.indexOf(':', at);
    while (colon !== -1 && colon < end) {
      const after = text.charCodeAt(colon + 1);
      if (after === SPACE || after === NEWLINE || colon + 1 === text.length) return true;
      colon = text.indexOf(':', colon + 1);
    }
    return false;
  }

  /**
   * A value that starts on the current line at `pos` (after `key: ` or `- `); continuation lines must
   * be indented deeper than `indent`. Leaves `pos` at the start of the next line.
   */
  private inlineValue(indent: number): Value {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === SPACE) throw GIVE_UP;
    if (c === DQUOTE) {
      this.pos++;
      const value = this.doubleQuoted(indent);
      this.endOfLine();
      return value;
    }
    if (c === QUOTE) {
      this.pos++;
      const value = this.singleQuoted(indent);
      this.endOfLine();
      return value;
    }
    if (c === 0x21 /* ! */) {
      if (text.startsWith('!!binary |\n', this.pos)) return this.binaryBlock(indent);
      throw GIVE_UP;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const close = c === 0x7b ? '}' : ']';
      if (text.charCodeAt(this.pos + 1) !== close.charCodeAt(0)) throw GIVE_UP;
      this.pos += 2;
      this.endOfLine();
      return c === 0x7b ? {} : [];
    }
    if (PLAIN_START_REFUSED.has(c)) {
      // `-1`, `?1` are plain scalars (a `-` or `?` before a non-space); other indicators are not.
      const next = text.charCodeAt(this.pos + 1);
      const plainAnyway =
        (c === DASH || c === 0x3f) /* ? */ && next !== SPACE && next !== NEWLINE && !Number.isNaN(next);
      if (!plainAnyway) throw GIVE_UP;
    }
    return this.plain(indent);
  }

  /** After a quoted scalar or `{}`: only the line's end may follow. */
  private endOfLine(): void {
    const text = this.text;
    if (this.pos >= text.length) return;
    if (text.charCodeAt(this.pos) !== NEWLINE) throw GIVE_UP;
    this.pos++;
  }

  /** A plain scalar, possibly folded over deeper-indented lines. */
  private plain(indent: number): Value {
    const text = this.text;
    let end = this.lineEnd(this.pos);
    let first = text.slice(this.pos, end);
    if (first.includes(': ') || first.includes(' #') || first.endsWith(':')) throw GIVE_UP;
    if (first.endsWith(' ')) first = first.trimEnd();
    let value = first;
    let next = end + 1;
    // Continuation lines: deeper than `indent`.
    while (next < text.length) {
      let i = next;
      while (text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (c === NEWLINE) throw GIVE_UP; // folded blank lines: leave to js-yaml
      if (i - next <= indent) break;
      end = this.lineEnd(i);
      const line = text.slice(i, end).trimEnd();
      if (line.includes(': ') || line.includes(' #') || line.endsWith(':') || c === 0x23 /* # */)
        throw GIVE_UP;
      if (c === DASH && text.charCodeAt(i + 1) === SPACE) throw GIVE_UP;
      value += ` ${line}`;
      next = end + 1;
    }
    this.pos = Math.min(next, text.length);
    return this.resolvePlain(value);
  }

  private resolvePlain(raw: string): Value {
    // Only null, bool, int, float and `<<` resolve, and each of them starts with one of these.
    if (raw.length > 0 && !MAY_RESOLVE.has(raw.charCodeAt(0))) return raw;
    // Plain decimal ints (status codes, counts): what the int type constructs, without its BigInt work.
    if (SMALL_DECIMAL.test(raw)) return Number(raw);
    const cached = this.plainCache.get(raw);
    if (cached !== undefined) return cached;
    let value: Value = raw;
    for (const type of IMPLICIT) {
      if (type.resolve(raw)) {
        value = type.construct(raw) as Value;
        break;
      }
    }
    if (value === null || typeof value !== 'object') this.plainCache.set(raw, value);
    return value;
  }

  /**
   * Folds the line break at `pos` (a `\n` inside a quoted scalar) and the empty lines after it, as
   * YAML does: one break becomes a space, each further one a newline; the next line's leading spaces
   * go. Continuation lines must be deeper than `indent`. An escaped break (`\` at the line's end)
   * adds nothing; empty lines after one are left to js-yaml.
   */
  private fold(indent: number, escaped: boolean): string {
    const text = this.text;
    let breaks = 0;
    let i = this.pos;
    for (;;) {
      // `i` is at a line break.
      breaks++;
      const lineStart = i + 1;
      i = lineStart;
      while (text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) throw GIVE_UP;
      if (c !== NEWLINE) {
        if (indent < 0 || i - lineStart <= indent) throw GIVE_UP; // keys never span lines
        break;
      }
    }
    this.pos = i;
    if (escaped) {
      if (breaks > 1) throw GIVE_UP;
      return '';
    }
    return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  }

  private singleQuoted(indent: number): string {
    const text = this.text;
    let out = '';
    // Found once, not per line: a long folded scalar would otherwise be searched to its end per line.
    let quote = text.indexOf("'", this.pos);
    for (;;) {
      if (quote === -1) throw GIVE_UP;
      const newline = text.indexOf('\n', this.pos);
      if (newline !== -1 && newline < quote) {
        out += trimTrailingSpaces(text.slice(this.pos, newline));
        this.pos = newline;
        out += this.fold(indent, false);
        continue;
      }
      out += text.slice(this.pos, quote);
      if (text.charCodeAt(quote + 1) === QUOTE) {
        out += "'";
        this.pos = quote + 2;
        quote = text.indexOf("'", this.pos);
        continue;
      }
      this.pos = quote + 1;
      return out;
    }
  }

  /**
   * A double-quoted scalar: a native regex finds where each source line's text ends; the lines are
   * joined still escaped (folds written as escapes too) and unescaped once, by JSON.parse when only
   * JSON's escapes occur (nearly always: PyYAML writes JSON bodies as `\"` and `\n`), else by hand.
   */
  private doubleQuoted(indent: number): string {
    const text = this.text;
    let raw = '';
    for (;;) {
      DOUBLE_QUOTED_RUN.lastIndex = this.pos;
      DOUBLE_QUOTED_RUN.exec(text);
      const end = DOUBLE_QUOTED_RUN.lastIndex;
      const c = text.charCodeAt(end);
      if (c === DQUOTE) {
        raw += text.slice(this.pos, end);
        this.pos = end + 1;
        return unescapeDoubleQuoted(raw);
      }
      if (c === NEWLINE) {
        let cut = end;
        while (cut > this.pos && text.charCodeAt(cut - 1) === SPACE) cut--;
        // Trailing spaces go, but not an escaped one (`\ ` at the end): leave that to js-yaml.
        if (cut < end && text.charCodeAt(cut - 1) === BACKSLASH) throw GIVE_UP;
        raw += text.slice(this.pos, cut);
        this.pos = end;
        const folded = this.fold(indent, false);
        raw += folded === ' ' ? ' ' : folded.replaceAll('\n', '\\n');
        continue;
      }
      if (c === BACKSLASH && text.charCodeAt(end + 1) === NEWLINE) {
        raw += text.slice(this.pos, end);
        this.pos = end + 1;
        this.fold(indent, true);
        continue;
      }
      throw GIVE_UP; // the end of the text inside the scalar
    }
  }

  /** `!!binary |` and its base64 lines, deeper than `indent`. */
  private binaryBlock(indent: number): Uint8Array {
    const text = this.text;
    let at = this.lineEnd(this.pos) + 1;
    const first = this.indentAt(at);
    if (first <= indent) throw GIVE_UP;
    const parts: string[] = [];
    while (at < text.length) {
      let i = at;
      while (text.charCodeAt(i) === SPACE) i++;
      if (i - at < first) {
        if (i - at > indent) throw GIVE_UP;
        break;
      }
      if (i - at !== first || text.charCodeAt(i) === NEWLINE) throw GIVE_UP;
      const end = this.lineEnd(i);
      parts.push(text.slice(i, end));
      at = end + 1;
    }
    this.pos = Math.min(at, text.length);
    const base64 = parts.join('');
    if (!/^[A-Za-z0-9+/=]*$/.test(base64)) throw GIVE_UP;
    const buffer = Buffer.from(base64, 'base64');
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }
}

/** The text of one line of a double-quoted scalar: anything but `"`, `\` and breaks, or an escape pair. */
const DOUBLE_QUOTED_RUN = /(?:[^"\\\n]+|\\[^\n])*/y;
/** An escape JSON does not have (YAML's `\x41`, `\ `, `\e`, `\N`, ...); may also hit the 2nd half of `\\`. */
const NOT_JSON_ESCAPE = /\\[^"\\/bfnrtu]/;

/** Unescapes the text of a double-quoted scalar (its lines already joined). */
function unescapeDoubleQuoted(raw: string): string {
  if (!raw.includes('\\')) return raw;
  if (!NOT_JSON_ESCAPE.test(raw)) {
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      // Raw control characters or a short \u escape: decode by hand below.
    }
  }
  let out = '';
  let from = 0;
  for (let i = raw.indexOf('\\'); i !== -1; i = raw.indexOf('\\', from)) {
    out += raw.slice(from, i);
    const e = raw.charCodeAt(i + 1);
    const simple = SIMPLE_ESCAPES.get(e);
    if (simple !== undefined) {
      out += simple;
      from = i + 2;
      continue;
    }
    const width = e === 0x78 /* x */ ? 2 : e === 0x75 /* u */ ? 4 : e === 0x55 /* U */ ? 8 : 0;
    const hex = raw.slice(i + 2, i + 2 + width);
    if (width === 0 || hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) throw GIVE_UP;
    const code = Number.parseInt(hex, 16);
    if (code > 0x10ffff) throw GIVE_UP;
    out += String.fromCodePoint(code);
    from = i + 2 + width;
  }
  return out + raw.slice(from);
}

const SIMPLE_ESCAPES = new Map<number, string>(
  Object.entries({
    '0': '\0',
    a: '\x07',
    b: '\b',
    t: '\t',
    '\t': '\t',
    n: '\n',
    v: '\v',
    f: '\f',
    r: '\r',
    e: '\x1b',
    ' ': ' ',
    '"': '"',
    '/': '/',
    '\\': '\\',
    N: '\x85',
    _: '\xa0',
    L: '\u2028',
    P: '\u2029',
  }).map(([k, v]) => [k.charCodeAt(0), v]),
);

function trimTrailingSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === SPACE) end--;
  return end === s.length ? s : s.slice(0, end);
}
