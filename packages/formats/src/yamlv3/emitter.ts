/**
 * `yaml.Marshal` of gopkg.in/yaml.v3 (3.0.1) for a value tree, byte for byte: the encoder's style
 * choices (encode.go `stringv`, `intv`, `floatv`, ...) and the Go port of libyaml's emitter with
 * yaml.v3's changes (emitterc.go): indentation 4 by default, sequences indented inside mappings,
 * nested blocks aligned to multiples of the indentation, no line width limit, no `...` at the end.
 * Maps are written in the order given (Marshal sorts Go maps; callers order keys as Go would).
 *
 * Go strings are bytes: a `Uint8Array` that is valid UTF-8 is written as the string it spells, any
 * other as `!!binary` (base64 in 70-column lines), exactly as yaml.v3 writes invalid UTF-8 strings.
 */
import { Buffer } from 'node:buffer';
import { isValueMap, PyFloat, type Value, type ValueMap } from '@cassettekit/core';
import { escapeCodePoint, escapeDoubleQuotedLib } from '../pyyaml/escape.js';
import {
  analyzeV3,
  BLOCK,
  BLOCK_PLAIN,
  EMPTY,
  FLOW_PLAIN,
  MULTILINE,
  SINGLE_QUOTED,
  utf8Length,
} from './analyze.js';
import { canUsePlain } from './resolve.js';

const PLAIN = 0;
const SINGLE = 1;
const DOUBLE = 2;
const LITERAL = 3;

const isBreak = (c: number): boolean => c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;

export class V3Emitter {
  private out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private flowLevel = 0;
  private readonly indents: number[] = [];

  constructor(private readonly bestIndent = 4) {}

  document(root: Value): string {
    this.node(root, false, false);
    this.writeIndent();
    return this.out;
  }

  /** `inSequence`: the parent state is BLOCK_SEQUENCE_ITEM (indentation then just skips `- `). */
  private node(v: Value, inSequence: boolean, simpleKey: boolean): void {
    if (typeof v === 'string') this.string(v, inSequence, simpleKey);
    else if (v instanceof Uint8Array) this.bytes(v, inSequence, simpleKey);
    else if (Array.isArray(v)) {
      if (v.length === 0 || this.flowLevel > 0) this.emptyFlow('[', ']', inSequence);
      else this.blockSequence(v, inSequence);
    } else if (isValueMap(v)) {
      const keys = Object.keys(v);
      if (keys.length === 0 || this.flowLevel > 0) this.emptyFlow('{', '}', inSequence);
      else this.blockMapping(v, keys, inSequence);
    } else {
      const text = plainText(v);
      this.scalar(text, PLAIN, null, inSequence, simpleKey, analyzeV3(text));
    }
  }

  private string(s: string, inSequence: boolean, simpleKey: boolean): void {
    const style = s.includes('\n')
      ? this.flowLevel > 0
        ? DOUBLE
        : LITERAL
      : canUsePlain(s)
        ? PLAIN
        : DOUBLE;
    this.scalar(s, style, null, inSequence, simpleKey, analyzeV3(s));
  }

  private bytes(b: Uint8Array, inSequence: boolean, simpleKey: boolean): void {
    const text = Buffer.from(b).toString('utf8');
    if (Buffer.from(text, 'utf8').equals(b)) {
      this.string(text, inSequence, simpleKey);
      return;
    }
    const base64 = encodeBase64(b);
    this.scalar(
      base64,
      base64.includes('\n') ? LITERAL : PLAIN,
      '!!binary',
      inSequence,
      simpleKey,
      analyzeV3(base64),
    );
  }

  /** yaml_emitter_select_scalar_style, process_tag, increase_indent, process_scalar. */
  private scalar(
    s: string,
    requested: number,
    tag: string | null,
    inSequence: boolean,
    simpleKey: boolean,
    a: number,
  ): void {
    const flow = this.flowLevel > 0;
    let style = requested;
    if (simpleKey && a & MULTILINE) style = DOUBLE;
    if (style === PLAIN) {
      if (!(a & (flow ? FLOW_PLAIN : BLOCK_PLAIN))) style = SINGLE;
      if (a & EMPTY && (flow || simpleKey)) style = SINGLE;
    }
    if (style === SINGLE && !(a & SINGLE_QUOTED)) style = DOUBLE;
    if (style === LITERAL && (!(a & BLOCK) || flow || simpleKey)) style = DOUBLE;
    if (tag !== null) {
      if (!this.whitespace) this.put(' ');
      this.put(tag);
      this.whitespace = false;
      this.indention = false;
    }
    this.increaseIndent(true, inSequence);
    if (style === PLAIN) this.plain(s);
    else if (style === SINGLE) this.singleQuoted(s);
    else if (style === DOUBLE) this.doubleQuoted(s);
    else this.literal(s);
    this.popIndent();
  }

  private blockSequence(v: Value[], inSequence: boolean): void {
    this.increaseIndent(false, inSequence);
    for (const item of v) {
      this.writeIndent();
      this.indicator('-', true, false, true);
      this.node(item, true, false);
    }
    this.popIndent();
  }

  private blockMapping(v: ValueMap, keys: string[], inSequence: boolean): void {
    this.increaseIndent(false, inSequence);
    for (const k of keys) {
      this.writeIndent();
      const a = analyzeV3(k);
      if (!(a & MULTILINE) && utf8Length(k) <= 128) {
        this.node(k, false, true);
        this.indicator(':', false, false, false);
      } else {
        this.indicator('?', true, false, true);
        this.node(k, false, false);
        this.writeIndent();
        this.indicator(':', true, false, true);
      }
      this.node(v[k] as Value, false, false);
    }
    this.popIndent();
  }

  /** `[]` and `{}`: Marshal writes empty collections in flow style, nothing else. */
  private emptyFlow(open: string, close: string, inSequence: boolean): void {
    this.indicator(open, true, true, false);
    this.increaseIndent(true, inSequence);
    this.popIndent();
    if (this.column === 0) this.writeIndent();
    this.indicator(close, false, false, false);
  }

  private increaseIndent(flow: boolean, inSequence: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.bestIndent : 0;
    else if (inSequence) this.indent += 2;
    else this.indent = this.bestIndent * Math.floor((this.indent + this.bestIndent) / this.bestIndent);
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  private put(text: string): void {
    this.out += text;
    this.column += text.length;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
    this.indention = true;
  }

  private indicator(text: string, needWhitespace: boolean, whitespace: boolean, indention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(text);
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
  }

  /** yaml.v3's write_indent: it no longer marks the line as indentation only. */
  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    if (this.column < indent) this.put(' '.repeat(indent - this.column));
    this.whitespace = true;
  }

  private plain(s: string): void {
    if (s.length > 0 && !this.whitespace) this.put(' ');
    this.put(s);
    if (s.length > 0) this.whitespace = false;
    this.indention = false;
  }

  /** No width limit, so no folding: only line breaks (U+2028, U+2029 here) need care. */
  private singleQuoted(s: string): void {
    this.indicator("'", true, false, false);
    let breaks = false;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (isBreak(c)) {
        if (!breaks && c === 10) this.putBreak();
        this.writeBreak(s[i] as string);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c === 39 ? "''" : (s[i] as string));
        this.indention = false;
        breaks = false;
      }
    }
    this.indicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private doubleQuoted(s: string): void {
    this.indicator('"', true, false, false);
    // is_bom looks at the value's first bytes, not the current ones: after a leading BOM every
    // character is escaped.
    this.put(s.charCodeAt(0) === 0xfeff ? escapeEvery(s) : escapeDoubleQuotedLib(s, true));
    this.indicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeBreak(ch: string): void {
    if (ch === '\n') this.putBreak();
    else {
      this.out += ch;
      this.column = 0;
      this.indention = true;
    }
  }

  private literal(s: string): void {
    this.indicator('|', true, false, false);
    const first = s.charCodeAt(0);
    if (first === 32 || isBreak(first)) this.indicator(String(this.bestIndent), false, false, false);
    const n = s.length;
    let chomp = '';
    if (n === 0 || !isBreak(s.charCodeAt(n - 1))) chomp = '-';
    else if (n === 1 || isBreak(s.charCodeAt(n - 2))) chomp = '+';
    if (chomp !== '') this.indicator(chomp, false, false, false);
    this.whitespace = true;
    let breaks = true;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (isBreak(c)) {
        this.writeBreak(s[i] as string);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        let j = i + 1;
        while (j < n && !isBreak(s.charCodeAt(j))) j++;
        this.put(s.slice(i, j));
        i = j - 1;
        this.indention = false;
        breaks = false;
      }
    }
  }
}

function escapeEvery(s: string): string {
  let out = '';
  for (const ch of s) out += escapeCodePoint(ch.codePointAt(0) as number);
  return out;
}

/** The text yaml.v3 writes for ints, floats, bools and nil. */
function plainText(v: number | bigint | boolean | null | PyFloat): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof PyFloat) return goFloat(v.value);
  return Number.isInteger(v) ? BigInt(v).toString() : goFloat(v);
}

/** strconv.FormatFloat(x, 'g', -1, 64), with yaml.v3's `.inf`, `-.inf`, `.nan`. */
export function goFloat(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (x === Number.POSITIVE_INFINITY) return '.inf';
  if (x === Number.NEGATIVE_INFINITY) return '-.inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const e = Math.abs(x).toExponential();
  const ePos = e.indexOf('e');
  const digits = e.charCodeAt(1) === 46 ? e[0] + e.slice(2, ePos) : e.slice(0, ePos);
  const exp = Number(e.slice(ePos + 1));
  let out: string;
  if (exp < -4 || exp >= 6) {
    const ae = Math.abs(exp);
    out = `${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  } else if (exp < 0) {
    out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  } else if (exp + 1 >= digits.length) {
    out = `${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  } else {
    out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return x < 0 ? `-${out}` : out;
}

/** encodeBase64 (encode.go): 70-column lines, each ending in a newline once there is more than one. */
function encodeBase64(b: Uint8Array): string {
  const all = Buffer.from(b).toString('base64');
  const lines = Math.floor(all.length / 70) + 1;
  if (lines <= 1) return all;
  let out = '';
  for (let i = 0; i < all.length; i += 70) out += `${all.slice(i, i + 70)}\n`;
  return out;
}
