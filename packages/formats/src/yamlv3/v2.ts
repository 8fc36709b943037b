/**
 * go-vcr format version 1, as go-vcr v1/v2 wrote it: `---` and gopkg.in/yaml.v2's `yaml.Marshal`.
 * yaml.v2's emitter is the Go port of libyaml (2-space indentation, sequences not indented inside
 * mappings, lines folded at 80 columns), so this is the Psych port's emitter with yaml.v2's choices
 * of style (encode.go `stringv`, the same as yaml.v3's) and its text for numbers.
 */
import { Buffer } from 'node:buffer';
import type { PyFloat, Value } from '@cassettekit/core';
import { PsychEmitter, type Representer } from '../psych/emitter.js';
import { DOUBLE, LITERAL, PLAIN, type ScalarRequest } from '../psych/represent.js';
import type { Writer } from '../pyyaml/writer.js';
import { encodeBase64, escapeEvery, plainTextV3 } from './emitter.js';
import { canUsePlain } from './resolve.js';

const AS_PLAIN: ScalarRequest = { style: PLAIN, tag: null };
const AS_DOUBLE: ScalarRequest = { style: DOUBLE, tag: null };
const AS_LITERAL: ScalarRequest = { style: LITERAL, tag: null };

const isBreak = (c: number): boolean => c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;

/**
 * yaml.v2's yaml_emitter_write_single_quoted_scalar: libyaml's, folding at spaces past the width,
 * but without the indentation libyaml 0.2.5 writes before a closing quote that follows a break.
 */
function writeSingleQuotedV2(w: Writer, text: string, allowBreaks: boolean): void {
  w.indicator("'", true, false, false);
  let spaces = false;
  let breaks = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (
        allowBreaks &&
        !spaces &&
        w.column > w.bestWidth &&
        i > 0 &&
        i < text.length - 1 &&
        text.charCodeAt(i + 1) !== 32
      ) {
        w.writeIndent();
      } else {
        w.out += ' ';
        w.column += 1;
      }
      spaces = true;
    } else if (isBreak(c)) {
      if (!breaks && c === 10) w.lineBreak('\n');
      w.lineBreak(text[i] as string);
      breaks = true;
    } else {
      if (breaks) w.writeIndent();
      w.out += c === 39 ? "''" : (text[i] as string);
      w.column += c === 39 ? 2 : 1;
      w.indention = false;
      spaces = false;
      breaks = false;
    }
  }
  w.indicator("'", false, false, false);
  w.whitespace = false;
  w.indention = false;
}

const YAML_V2: Representer = {
  psychDocument: false,
  singleQuoted: writeSingleQuotedV2,
  request: (s) => {
    const request = s.includes('\n') ? AS_LITERAL : canUsePlain(s) ? AS_PLAIN : AS_DOUBLE;
    // is_bom looks at the value's first bytes: after a leading BOM, a double-quoted scalar has every
    // character escaped (and a BOM is never printable, so such a scalar is always double-quoted).
    return s.charCodeAt(0) === 0xfeff ? { ...request, escaped: escapeEvery(s) } : request;
  },
  plainText: (v: number | bigint | boolean | null | PyFloat) => plainTextV3(v),
  bytes: (b) => {
    const text = Buffer.from(b).toString('utf8');
    if (Buffer.from(text, 'utf8').equals(b)) return { string: text };
    const base64 = encodeBase64(b);
    return { text: base64, request: { style: base64.includes('\n') ? LITERAL : PLAIN, tag: '!!binary' } };
  },
};

/** gopkg.in/yaml.v2 (2.4.0) `yaml.Marshal` of a value tree, keys in the order given. */
export function dumpYamlV2(value: Value): string {
  return new PsychEmitter(YAML_V2).document(value);
}
