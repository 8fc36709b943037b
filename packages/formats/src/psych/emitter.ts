/**
 * `YAML.dump(value)` as Psych 4 writes it with libyaml 0.2.5 (what VCR's YAML serializer calls):
 * `---` first, 2-space indentation, width 80, unicode on, sequences in mappings not indented,
 * keys in the given order. The styles Psych requests (represent.ts) go through libyaml's
 * `yaml_emitter_select_scalar_style`; the scalar writers are the libyaml ones the PyYAML port
 * (CDumper) already has, plus the literal writer.
 */
import { Buffer } from 'node:buffer';
import { isValueMap, PyFloat, type Value, type ValueMap } from '@cassettekit/core';
import {
  analyzeLib,
  BLOCK,
  BLOCK_PLAIN,
  EMPTY,
  FLOW_PLAIN,
  MULTILINE,
  SINGLE_QUOTED,
  utf8Length,
} from '../pyyaml/analyze.js';
import { writeDoubleQuotedLib, writePlainLib, writeSingleQuotedLib } from '../pyyaml/scalars-libyaml.js';
import { Writer } from '../pyyaml/writer.js';
import { writeLiteralLib } from './literal.js';
import { DOUBLE, LITERAL, PLAIN, requestFor, rubyFloat, type ScalarRequest, SINGLE } from './represent.js';

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

export class PsychEmitter {
  private w = new Writer(BEST_WIDTH);
  /** The last block scalar written kept its trailing breaks (`|+`): libyaml 0.2.5 then ends the stream with `...`. */
  private openEnded = false;

  document(root: Value): string {
    const w = this.w;
    w.indicator('---', true, false, false);
    this.node(root, false, false);
    w.writeIndent();
    if (this.openEnded) {
      w.indicator('...', true, false, false);
      w.writeIndent();
    }
    return w.out;
  }

  private node(v: Value, mapping: boolean, simpleKey: boolean): void {
    if (typeof v === 'string') this.string(v, simpleKey);
    else if (v instanceof Uint8Array) this.bytes(v, simpleKey);
    else if (Array.isArray(v)) {
      if (v.length === 0 || this.w.flowLevel > 0) this.flowSequence(v);
      else this.blockSequence(v, mapping);
    } else if (isValueMap(v)) {
      const keys = Object.keys(v);
      if (keys.length === 0 || this.w.flowLevel > 0) this.flowMapping(v, keys);
      else this.blockMapping(v, keys);
    } else this.plain(plainText(v));
  }

  /** Integers, floats, booleans and nil: plain, implicit (nil is the empty plain scalar). */
  private plain(text: string): void {
    const w = this.w;
    w.increaseIndent(true, false);
    writePlainLib(w, text, true);
    w.popIndent();
  }

  private string(s: string, simpleKey: boolean): void {
    this.scalar(s, requestFor(s), simpleKey, analyzeLib(s, true));
  }

  /** An ASCII-8BIT string: `!binary` (base64 on one line) unless it is ASCII only. */
  private bytes(b: Uint8Array, simpleKey: boolean): void {
    let ascii = true;
    for (let i = 0; i < b.length; i++) if ((b[i] as number) >= 0x80) ascii = false;
    if (ascii) {
      this.string(Buffer.from(b).toString('latin1'), simpleKey);
    } else {
      const text = Buffer.from(b).toString('base64');
      this.scalar(text, { style: LITERAL, tag: '!binary' }, simpleKey, analyzeLib(text, true));
    }
  }

  /** yaml_emitter_select_scalar_style, then the tag, then the writer. */
  private scalar(s: string, req: ScalarRequest, simpleKey: boolean, a: number): void {
    const w = this.w;
    const flow = w.flowLevel > 0;
    let style = req.style;
    if (simpleKey && a & MULTILINE) style = DOUBLE;
    if (style === PLAIN) {
      if (!(a & (flow ? FLOW_PLAIN : BLOCK_PLAIN))) style = SINGLE;
      if (a & EMPTY && (flow || simpleKey)) style = SINGLE;
    }
    if (style === SINGLE && !(a & SINGLE_QUOTED)) style = DOUBLE;
    if (style === LITERAL && (!(a & BLOCK) || flow || simpleKey)) style = DOUBLE;
    if (req.tag !== null) w.indicator(req.tag, true, false, false);
    w.increaseIndent(true, false);
    if (style === PLAIN) writePlainLib(w, s, !simpleKey);
    else if (style === SINGLE) writeSingleQuotedLib(w, s, !simpleKey, (a & MULTILINE) !== 0);
    else if (style === DOUBLE) writeDoubleQuotedLib(w, s, !simpleKey, true);
    else this.openEnded = writeLiteralLib(w, s, BEST_INDENT);
    w.popIndent();
  }

  private blockSequence(v: Value[], mapping: boolean): void {
    const w = this.w;
    w.increaseIndent(false, mapping && !w.indention);
    for (const item of v) {
      w.writeIndent();
      w.indicator('-', true, false, true);
      this.node(item, false, false);
    }
    w.popIndent();
  }

  private blockMapping(v: ValueMap, keys: string[]): void {
    const w = this.w;
    w.increaseIndent(false, false);
    for (const k of keys) {
      w.writeIndent();
      if (this.isSimpleKey(k)) {
        this.node(k, false, true);
        w.indicator(':', false, false, false);
      } else {
        w.indicator('?', true, false, true);
        this.node(k, false, false);
        w.writeIndent();
        w.indicator(':', true, false, true);
      }
      this.node(v[k] as Value, true, false);
    }
    w.popIndent();
  }

  private flowSequence(v: Value[]): void {
    const w = this.w;
    w.indicator('[', true, true, false);
    w.flowLevel++;
    w.increaseIndent(true, false);
    for (let i = 0; i < v.length; i++) {
      if (i > 0) w.indicator(',', false, false, false);
      if (w.column > w.bestWidth) w.writeIndent();
      this.node(v[i] as Value, false, false);
    }
    w.popIndent();
    w.flowLevel--;
    w.indicator(']', false, false, false);
  }

  private flowMapping(v: ValueMap, keys: string[]): void {
    const w = this.w;
    w.indicator('{', true, true, false);
    w.flowLevel++;
    w.increaseIndent(true, false);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      if (i > 0) w.indicator(',', false, false, false);
      if (w.column > w.bestWidth) w.writeIndent();
      if (this.isSimpleKey(k)) {
        this.node(k, false, true);
        w.indicator(':', false, false, false);
      } else {
        w.indicator('?', true, false, false);
        this.node(k, false, false);
        if (w.column > w.bestWidth) w.writeIndent();
        w.indicator(':', true, false, false);
      }
      this.node(v[k] as Value, true, false);
    }
    w.popIndent();
    w.flowLevel--;
    w.indicator('}', false, false, false);
  }

  /** yaml_emitter_check_simple_key for a string key: one line, at most 128 bytes with its tag. */
  private isSimpleKey(k: string): boolean {
    if (analyzeLib(k, true) & MULTILINE) return false;
    const tag = k === '<<' ? 5 : 0;
    return utf8Length(k) + tag <= 128;
  }
}

/** Ruby's text for Integer, Float, true/false and nil (the empty plain scalar). */
function plainText(v: number | bigint | boolean | null | PyFloat): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof PyFloat) return rubyFloat(v.value);
  return Number.isInteger(v) ? BigInt(v).toString() : rubyFloat(v);
}
