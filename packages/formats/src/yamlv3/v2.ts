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
import { encodeBase64, escapeEvery, plainTextV3 } from './emitter.js';
import { canUsePlain } from './resolve.js';

const AS_PLAIN: ScalarRequest = { style: PLAIN, tag: null };
const AS_DOUBLE: ScalarRequest = { style: DOUBLE, tag: null };
const AS_LITERAL: ScalarRequest = { style: LITERAL, tag: null };

const YAML_V2: Representer = {
  psychDocument: false,
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
