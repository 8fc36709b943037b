/**
 * The node walk of PyYAML's `Emitter` / libyaml's emitter state machine, written as recursion: the
 * originals only look ahead to see whether a collection is empty, which a value tree tells directly.
 * Each `emit*` method corresponds to the `expect_*` state of the same name; the flags passed down
 * are the `root/sequence/mapping/simple_key` contexts of `expect_node`.
 */
import { PyFloat, type Value, type ValueMap } from '@cassettekit/core';
import {
  ASTRAL,
  analyzeLibNoBlock,
  analyzePy,
  BLOCK_PLAIN,
  EMPTY,
  FLOW_PLAIN,
  MULTILINE,
  SINGLE_QUOTED,
  utf8Length,
} from './analyze.js';
import { findAnchors } from './anchors.js';
import { encodeBytes, literalBase64, representFloat, representInt, sortedKeys } from './represent.js';
import { resolvesToStr } from './resolver.js';
import { writeDoubleQuotedLib, writePlainLib, writeSingleQuotedLib } from './scalars-libyaml.js';
import { writeDoubleQuotedPy, writePlainPy, writeSingleQuotedPy } from './scalars-pyyaml.js';
import { cpLength, Writer } from './writer.js';

type Container = Value[] | ValueMap;

export interface EmitterOptions {
  lib: boolean;
  bestWidth: number;
  unicode: boolean;
  /** default_flow_style=None: collections of plain-style scalars only are written in flow style. */
  flowAuto: boolean;
}

const PLAIN = 0;
const SINGLE = 1;
const DOUBLE = 2;
const LITERAL = 3;

/** Thrown when a container is met twice in a document emitted without anchors. */
const SHARED = Symbol('shared container');

export class Emitter {
  w: Writer;
  private readonly opts: EmitterOptions;
  private readonly lib: boolean;
  private readonly unicode: boolean;
  private readonly flowAuto: boolean;
  /** Containers met so far, while no anchors are known. */
  private seen: Set<Container> | null = null;
  private anchors: Map<Container, string> | null = null;
  private emitted: Set<Container> | null = null;
  /** libyaml: what each simple block-mapping key writes, `:` included (see simpleBlockKey). */
  private readonly keyTexts = new Map<string, string>();
  /** Style analyses of the short strings met so far in this document (headers repeat). */
  private readonly analyses = new Map<string, number>();

  constructor(opts: EmitterOptions) {
    this.opts = opts;
    this.w = new Writer(opts.bestWidth);
    this.lib = opts.lib;
    this.unicode = opts.unicode;
    this.flowAuto = opts.flowAuto;
  }

  /**
   * One document: implicit start, the root node, the end (and pyyaml's `...` after a root plain
   * scalar). Cassettes almost never share objects, so the document is first written without
   * looking for anchors (one Set of containers on the way); meeting a container twice starts it
   * over with the anchors findAnchors numbers.
   */
  document(root: Value): string {
    this.seen = new Set();
    try {
      this.node(root, true, false);
    } catch (e) {
      if (e !== SHARED) throw e;
      this.seen = null;
      this.w = new Writer(this.opts.bestWidth);
      this.anchors = findAnchors(root);
      this.emitted = new Set();
      this.node(root, true, false);
    }
    const w = this.w;
    w.writeIndent();
    if (!this.lib && w.openEnded) {
      w.indicator('...', true, false, false);
      w.writeIndent();
    }
    return w.out;
  }

  private node(v: Value, root: boolean, mapping: boolean): void {
    switch (typeof v) {
      case 'string':
        this.str(v, this.analyze(v), root, false);
        return;
      case 'number':
        this.plainScalar(Number.isInteger(v) ? representInt(v) : representFloat(v), root);
        return;
      case 'bigint':
        this.plainScalar(v.toString(), root);
        return;
      case 'boolean':
        this.plainScalar(v ? 'true' : 'false', root);
        return;
    }
    if (v === null) {
      this.plainScalar('null', root);
    } else if (v instanceof Uint8Array) {
      this.binary(v);
    } else if (v instanceof PyFloat) {
      this.plainScalar(representFloat(v.value), root);
    } else if (Array.isArray(v)) {
      if (this.anchor(v)) return;
      if (this.w.flowLevel > 0 || v.length === 0 || (this.flowAuto && allPlainStyled(v)))
        this.flowSequence(v);
      else this.blockSequence(v, mapping);
    } else {
      if (this.anchor(v)) return;
      const keys = sortedKeys(v);
      if (this.w.flowLevel > 0 || keys.length === 0 || (this.flowAuto && allPlainStyledMap(v, keys))) {
        this.flowMapping(v, keys);
      } else {
        this.blockMapping(v, keys);
      }
    }
  }

  /** process_anchor: `*idNNN` for a repeat (and true: nothing else to write), `&idNNN` the first time. */
  private anchor(v: Container): boolean {
    const seen = this.seen;
    if (seen !== null) {
      const size = seen.size;
      if (seen.add(v).size === size) throw SHARED;
      return false;
    }
    const name = this.anchors?.get(v);
    if (name === undefined) return false;
    if (this.emitted?.has(v)) {
      this.w.indicator(`*${name}`, true, false, false);
      return true;
    }
    this.emitted?.add(v);
    this.w.indicator(`&${name}`, true, false, false);
    return false;
  }

  private analyze(s: string): number {
    if (s.length >= 48) return this.lib ? analyzeLibNoBlock(s, this.unicode) : analyzePy(s, this.unicode);
    let a = this.analyses.get(s);
    if (a === undefined) {
      a = this.lib ? analyzeLibNoBlock(s, this.unicode) : analyzePy(s, this.unicode);
      this.analyses.set(s, a);
    }
    return a;
  }

  /** int/float/bool/null text always resolves back to its own type and never needs quotes. */
  private plainScalar(text: string, root: boolean): void {
    const w = this.w;
    w.increaseIndent(true, false);
    if (this.lib) writePlainLib(w, text, true);
    else writePlainPy(w, text, true, root, false);
    w.popIndent();
  }

  /** A `str` scalar: choose_scalar_style / yaml_emitter_select_scalar_style, then write it. */
  private str(s: string, a: number, root: boolean, simpleKey: boolean): void {
    const w = this.w;
    const flow = w.flowLevel > 0;
    let style: number;
    if (this.lib) {
      style = PLAIN;
      if (simpleKey && a & MULTILINE) style = DOUBLE;
      if (style === PLAIN) {
        if (!(a & (flow ? FLOW_PLAIN : BLOCK_PLAIN))) style = SINGLE;
        if (a & EMPTY && (flow || simpleKey)) style = SINGLE;
        if (!resolvesToStr(s)) style = SINGLE;
      }
      if (style === SINGLE && !(a & SINGLE_QUOTED)) style = DOUBLE;
    } else if (
      !(simpleKey && a & (EMPTY | MULTILINE)) &&
      a & (flow ? FLOW_PLAIN : BLOCK_PLAIN) &&
      resolvesToStr(s)
    ) {
      style = PLAIN;
    } else if (a & SINGLE_QUOTED && !(simpleKey && a & MULTILINE)) {
      style = SINGLE;
    } else {
      style = DOUBLE;
    }
    w.increaseIndent(true, false);
    const split = !simpleKey;
    const astral = (a & ASTRAL) !== 0;
    if (this.lib) {
      if (style === PLAIN) writePlainLib(w, s, split);
      else if (style === SINGLE) writeSingleQuotedLib(w, s, split, (a & MULTILINE) !== 0);
      else writeDoubleQuotedLib(w, s, split, this.unicode);
    } else if (style === PLAIN) writePlainPy(w, s, split, root, astral);
    else if (style === SINGLE) writeSingleQuotedPy(w, s, split, astral);
    else writeDoubleQuotedPy(w, s, split, this.unicode);
    w.popIndent();
  }

  /** `!!binary |` with base64.encodebytes lines; empty bytes cannot be a block scalar: `!!binary ""`. */
  private binary(bytes: Uint8Array): void {
    const w = this.w;
    const style = bytes.length > 0 && w.flowLevel === 0 ? LITERAL : DOUBLE;
    w.indicator('!!binary', true, false, false);
    w.increaseIndent(true, false);
    if (style === DOUBLE) {
      const text = encodeBytes(bytes);
      if (this.lib) writeDoubleQuotedLib(w, text, true, this.unicode);
      else writeDoubleQuotedPy(w, text, true, this.unicode);
    } else {
      // write_literal: no hints (one trailing newline, no leading space), one indented line per
      // base64 line. Both emitters end on a fresh line with whitespace/indention set.
      w.indicator('|', true, false, false);
      w.lineBreak('\n');
      // Every line ends in a break, so the state lineBreak just set (column 0) still holds after.
      w.out += literalBase64(bytes, w.indent);
    }
    w.popIndent();
  }

  private blockSequence(v: Value[], mapping: boolean): void {
    const w = this.w;
    // A sequence that is a mapping value is not indented (`key:\n- item`).
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
      const text = this.keyTexts.get(k);
      if (text !== undefined) {
        w.out += text;
        w.column += text.length;
        w.whitespace = false;
        w.indention = false;
        w.openEnded = false;
      } else if (this.isSimpleKey(k, this.analyze(k))) {
        this.simpleBlockKey(k);
      } else {
        const a = this.analyze(k);
        w.indicator('?', true, false, true);
        this.str(k, a, false, false);
        w.writeIndent();
        w.indicator(':', true, false, true);
      }
      this.node(v[k] as Value, false, true);
    }
    w.popIndent();
  }

  /**
   * A simple key of a block mapping and its `:`. libyaml never folds a simple key and the line is
   * freshly indented, so the text does not depend on where it goes: it is rendered once per
   * document into a scratch writer and reused (cassettes repeat the same keys in every interaction).
   */
  private simpleBlockKey(k: string): void {
    const w = this.w;
    if (!this.lib) {
      this.str(k, this.analyze(k), false, true);
      w.indicator(':', false, false, false);
      return;
    }
    const scratch = new Writer(w.bestWidth);
    scratch.indent = w.indent;
    scratch.column = w.column;
    this.w = scratch;
    try {
      this.str(k, this.analyze(k), false, true);
      scratch.indicator(':', false, false, false);
    } finally {
      this.w = w;
    }
    const text = scratch.out;
    this.keyTexts.set(k, text);
    w.out += text;
    w.column += text.length;
    w.whitespace = false;
    w.indention = false;
    w.openEnded = false;
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
      const a = this.analyze(k);
      if (this.isSimpleKey(k, a)) {
        this.str(k, a, false, true);
        w.indicator(':', false, false, false);
      } else {
        w.indicator('?', true, false, false);
        this.str(k, a, false, false);
        if (w.column > w.bestWidth) w.writeIndent();
        w.indicator(':', true, false, false);
      }
      this.node(v[k] as Value, false, true);
    }
    w.popIndent();
    w.flowLevel--;
    w.indicator('}', false, false, false);
  }

  /**
   * check_simple_key for a `str` key. pyyaml adds the length of the `!!str` tag it prepared (5) and
   * wants < 128 code points, non-empty; libyaml counts UTF-8 bytes (no tag) and allows up to 128.
   */
  private isSimpleKey(k: string, a: number): boolean {
    if (a & MULTILINE) return false;
    if (this.lib) return utf8Length(k) <= 128;
    return !(a & EMPTY) && cpLength(k, 0, k.length, (a & ASTRAL) !== 0) + 5 < 128;
  }
}

/** represent_sequence's best_style: every item is a scalar node without a style (bytes have `|`). */
function allPlainStyled(v: Value[]): boolean {
  for (const item of v) if (!isUnstyledScalar(item)) return false;
  return true;
}

function allPlainStyledMap(v: ValueMap, keys: string[]): boolean {
  for (const k of keys) if (!isUnstyledScalar(v[k])) return false;
  return true;
}

function isUnstyledScalar(v: Value | undefined): boolean {
  return typeof v !== 'object' || v === null || v instanceof PyFloat;
}
