/**
 * A fast path for the YAML that PyYAML's emitter writes (every vcrpy cassette), Psych's (Ruby VCR) and
 * yaml.v3's (go-vcr): block mappings, sequences (indentless or indented), plain / single-quoted /
 * double-quoted scalars (folded across lines), literal block scalars (`|`, `|-`, `|+`), `!!binary` /
 * `!binary` scalars, empty `{}` / `[]` and a leading `---`. It reads those documents with string
 * searches instead of js-yaml's character-by-character scanner, which is most of the cost of loading
 * a cassette.
 *
 * Anything else — anchors, aliases, other tags, comments, flow collections, folded block scalars,
 * indentation indicators, complex or merge keys, tabs, document end markers, a second document,
 * characters js-yaml refuses — makes it give up (`undefined`), and the caller reads the text with
 * js-yaml and the same schema. It never guesses: the differential tests check that wherever it
 * answers, it answers exactly what js-yaml with that schema answers.
 */
import { setKey, type Value, type ValueMap } from '@cassettekit/core';
import type yaml from 'js-yaml';
import { CASSETTE_SCHEMA } from './yaml-schema.js';

/** What the fast path needs of a js-yaml schema: how plain scalars resolve, which tags it reads. */
export interface FastYamlRules {
  /** The schema's implicit resolvers, in the order js-yaml tries them. */
  readonly implicit: readonly yaml.Type[];
  /** The scalar tags read here (`!!binary`, `!binary`), as written in the text, when the schema has them. */
  readonly tags: ReadonlyMap<string, yaml.Type>;
}

/** The rules of a js-yaml schema (built once per schema). */
export function fastYamlRules(schema: yaml.Schema): FastYamlRules {
  // js-yaml's schema holds its compiled types at run time; its type definitions omit them.
  const compiled = schema as unknown as {
    compiledImplicit: yaml.Type[];
    compiledTypeMap: { scalar: Record<string, yaml.Type> };
  };
  const tags = new Map<string, yaml.Type>();
  for (const [written, tag] of [
    ['!!binary', 'tag:yaml.org,2002:binary'],
    ['!binary', '!binary'],
  ] as const) {
    const type = compiled.compiledTypeMap.scalar[tag];
    if (type !== undefined) tags.set(written, type);
  }
  return { implicit: compiled.compiledImplicit, tags };
}

/** PyYAML's rules (vcrpy): the cassette schema. */
export const PYYAML_RULES = fastYamlRules(CASSETTE_SCHEMA);

/** Thrown inside the fast path to hand the document to the full parser. */
class GiveUp {}
const GIVE_UP = new GiveUp();

/** The data the document holds, or undefined when the full parser must read it. */
export function fastLoadYaml(text: string): Value | undefined {
  // vcrpy writes `interactions:` first; anything else goes straight to the full parser.
  if (text.charCodeAt(0) !== 0x69 /* i */) return undefined;
  return fastLoadMapping(text);
}

/**
 * The fast path for any document that is a block mapping, optionally after `---` on a line of its own,
 * read with `rules` (those of the schema the full parser would use).
 */
export function fastLoadMapping(text: string, rules: FastYamlRules = PYYAML_RULES): Value | undefined {
  if (text.length === 0 || hasRefusedCharacters(text)) return undefined;
  try {
    return new Parser(text, rules).document();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/** Tabs, carriage returns (never in the layouts read here), C0 controls and DEL: one search each. */
const REFUSED_ASCII = [...Array(0x20).keys(), 0x7f]
  .filter((c) => c !== 0x0a)
  .map((c) => String.fromCharCode(c));
/** What js-yaml refuses in plain and block scalars beyond ASCII: C1 controls, U+FFFE, U+FFFF, surrogates. */
const SUSPECT = /[\x80-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]/g;

/**
 * Whether the text holds a character the fast path leaves to js-yaml. Native substring searches
 * are many times faster than a regular expression's scan; the text's UTF-8 length tells whether
 * it is ASCII, and only a text that is not is scanned for the rest, surrogates checked for their pair.
 */
function hasRefusedCharacters(text: string): boolean {
  for (const c of REFUSED_ASCII) if (text.includes(c)) return true;
  if (Buffer.byteLength(text) === text.length) return false;
  SUSPECT.lastIndex = 0;
  for (let found = SUSPECT.exec(text); found !== null; found = SUSPECT.exec(text)) {
    const c = text.charCodeAt(found.index);
    if (c < 0xd800 || c > 0xdbff) return true; // not a high surrogate (a lone low one included)
    const next = text.charCodeAt(found.index + 1);
    if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
    SUSPECT.lastIndex = found.index + 2;
  }
  return false;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const DASH = 0x2d;
const COLON = 0x3a;
const QUOTE = 0x27;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const PIPE = 0x7c;
const PLUS = 0x2b;

/** First characters of the plain scalars CASSETTE_SCHEMA resolves to something other than a string. */
const MAY_RESOLVE = new Set([...'yYnNtTfFoO~-+.0123456789<'].map((c) => c.charCodeAt(0)));

/** Decimal ints that are safe integers and not octal (`017` is octal in YAML 1.1). */
const SMALL_DECIMAL = /^(?:0|[1-9][0-9]{0,14})$/;

/** Plain scalars that start with one of these are indicators or need the full parser. */
const PLAIN_START_REFUSED = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));

class Parser {
  private pos = 0;
  private readonly plainCache = new Map<string, Value>();

  constructor(
    private readonly text: string,
    private readonly rules: FastYamlRules,
  ) {}

  document(): Value {
    // Psych and go-vcr start with `---` on a line of its own; js-yaml reads the same mapping after it.
    const start = this.text.startsWith('---\n') ? 4 : 0;
    if (this.indentAt(start) !== 0) throw GIVE_UP;
    const value = this.mapping(0, start);
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
    let keys = 0;
    let at = start;
    for (;;) {
      const key = this.key(at);
      keys++;
      // `this.pos` is after `:`.
      const c = text.charCodeAt(this.pos);
      let value: Value;
      if (c === NEWLINE || this.pos >= text.length) {
        value = this.blockValue(indent);
      } else if (c === SPACE) {
        this.pos++;
        value = this.inlineValue(indent);
      } else throw GIVE_UP;
      if (key === '__proto__') setKey(map, key, value);
      else map[key] = value;
      // `this.pos` is at the start of the next line (or the end).
      const next = this.indentAt(this.pos);
      if (next < indent) {
        // A duplicate key (js-yaml's rules apply) shows as fewer keys than were read. Counting is
        // much cheaper than looking each new key up: a lookup that misses is a slow path in V8.
        if (Object.keys(map).length !== keys) throw GIVE_UP;
        return map;
      }
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
    // More spaces, or nothing after `: ` (a value may follow on the next lines): js-yaml's.
    if (c === SPACE || c === NEWLINE || Number.isNaN(c)) throw GIVE_UP;
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
    if (c === 0x21 /* ! */) return this.tagged(indent);
    if (c === PIPE) return this.blockScalar(indent);
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

  /** A plain scalar, possibly folded over deeper-indented lines, resolved. */
  private plain(indent: number): Value {
    return this.resolvePlain(this.plainText(indent));
  }

  /** The text of a plain scalar, possibly folded over deeper-indented lines. */
  private plainText(indent: number): string {
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
    return value;
  }

  private resolvePlain(raw: string): Value {
    // Only null, bool, int, float and `<<` resolve, and each of them starts with one of these.
    if (raw.length > 0 && !MAY_RESOLVE.has(raw.charCodeAt(0))) return raw;
    // Plain decimal ints (status codes, counts): what the int type constructs, without its BigInt work.
    if (SMALL_DECIMAL.test(raw)) return Number(raw);
    const cached = this.plainCache.get(raw);
    if (cached !== undefined) return cached;
    let value: Value = raw;
    for (const type of this.rules.implicit) {
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
   * A double-quoted scalar: native searches find its closing quote (the first `"` after an even run
   * of backslashes) and its line breaks; the lines are joined still escaped (folds written as escapes
   * too) and unescaped once, by JSON.parse when only JSON's escapes occur (nearly always: writers put
   * JSON bodies as `\"` and `\n`), else by hand. yaml.v3 writes a body on one line however long.
   */
  private doubleQuoted(indent: number): string {
    const text = this.text;
    let raw = '';
    const quote = closingQuote(text, this.pos);
    if (quote === -1) throw GIVE_UP; // the end of the text inside the scalar
    for (;;) {
      const newline = text.indexOf('\n', this.pos);
      if (newline === -1 || newline > quote) {
        raw += text.slice(this.pos, quote);
        this.pos = quote + 1;
        return unescapeDoubleQuoted(raw);
      }
      if (backslashesBefore(text, newline) % 2 === 1) {
        // An escaped line break adds nothing.
        raw += text.slice(this.pos, newline - 1);
        this.pos = newline;
        this.fold(indent, true);
        continue;
      }
      let cut = newline;
      while (cut > this.pos && text.charCodeAt(cut - 1) === SPACE) cut--;
      // Trailing spaces go, but not an escaped one (`\ ` at the end): leave that to js-yaml.
      if (cut < newline && text.charCodeAt(cut - 1) === BACKSLASH) throw GIVE_UP;
      raw += text.slice(this.pos, cut);
      this.pos = newline;
      const folded = this.fold(indent, false);
      raw += folded === ' ' ? ' ' : folded.replaceAll('\n', '\\n');
    }
  }

  /**
   * A scalar with one of the rules' tags (`!!binary`, `!binary`), then one space and the scalar: what
   * the tag's type constructs from its text, as js-yaml does (the resolve check included).
   */
  private tagged(indent: number): Value {
    const text = this.text;
    const space = text.indexOf(' ', this.pos);
    const end = this.lineEnd(this.pos);
    if (space === -1 || space > end) throw GIVE_UP;
    const type = this.rules.tags.get(text.slice(this.pos, space));
    if (type === undefined) throw GIVE_UP;
    this.pos = space + 1;
    const c = text.charCodeAt(this.pos);
    let scalar: string;
    if (c === PIPE) scalar = this.blockScalar(indent);
    else if (c === DQUOTE || c === QUOTE) {
      this.pos++;
      scalar = c === DQUOTE ? this.doubleQuoted(indent) : this.singleQuoted(indent);
      this.endOfLine();
    } else if (PLAIN_START_REFUSED.has(c) || c === SPACE || c === NEWLINE || Number.isNaN(c)) throw GIVE_UP;
    else scalar = this.plainText(indent);
    if (!type.resolve(scalar)) throw GIVE_UP;
    return type.construct(scalar) as Value;
  }

  /**
   * A literal block scalar (`|`, `|-`, `|+`; no indentation indicator) at `pos`, its lines deeper than
   * `indent`, the first of them setting the block's indentation. Leaves `pos` at the start of the first
   * line after it (trailing empty lines belong to the scalar). The rules are js-yaml's readBlockScalar.
   */
  private blockScalar(indent: number): string {
    const text = this.text;
    let at = this.pos + 1;
    const chomp = text.charCodeAt(at);
    if (chomp === DASH || chomp === PLUS) at++;
    // Indentation indicators, comments, trailing spaces and the end of the text: js-yaml's.
    if (text.charCodeAt(at) !== NEWLINE) throw GIVE_UP;
    at++;
    let i = at;
    while (text.charCodeAt(i) === SPACE) i++;
    const width = i - at;
    // An empty first line, or a scalar that is empty: js-yaml's.
    if (width <= indent || text.charCodeAt(i) === NEWLINE || i >= text.length) throw GIVE_UP;
    let value = '';
    let breaks = 0; // empty lines since the last content line
    let content = false;
    for (;;) {
      // `at` is a line start; `i` after its leading spaces.
      const c = text.charCodeAt(i);
      const spaces = i - at;
      if (c === NEWLINE || i >= text.length) {
        if (i >= text.length && spaces === 0) break; // the end of the text
        if (spaces <= width) {
          breaks++;
          if (i >= text.length) {
            at = i;
            break;
          }
          at = i + 1;
          i = at;
          while (text.charCodeAt(i) === SPACE) i++;
          continue;
        }
        // More spaces than the indentation: they are content.
      } else if (spaces < width) break;
      const end = this.lineEnd(at + width);
      if (content) value += '\n'.repeat(1 + breaks);
      else value += '\n'.repeat(breaks);
      value += text.slice(at + width, end);
      content = true;
      breaks = 0;
      if (end >= text.length) {
        at = end;
        break;
      }
      at = end + 1;
      i = at;
      while (text.charCodeAt(i) === SPACE) i++;
    }
    this.pos = Math.min(at, text.length);
    if (chomp === PLUS) return value + '\n'.repeat(1 + breaks);
    if (chomp === DASH) return value;
    return `${value}\n`;
  }
}

/** The closing `"` of a double-quoted scalar whose text starts at `from`: one not escaped; -1 if none. */
function closingQuote(text: string, from: number): number {
  let quote = text.indexOf('"', from);
  while (quote !== -1 && backslashesBefore(text, quote) % 2 === 1) quote = text.indexOf('"', quote + 1);
  return quote;
}

/** How many backslashes come right before `at`. */
function backslashesBefore(text: string, at: number): number {
  let i = at;
  while (text.charCodeAt(i - 1) === BACKSLASH) i--;
  return at - i;
}

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
