/**
 * What `Psych::Visitors::YAMLTree` asks the emitter for: the requested style and tag of each scalar
 * (libyaml may still overrule the style), and Ruby's text for numbers.
 */
import { representFloat } from '../pyyaml/represent.js';
import { tokenize } from './scalar-scanner.js';

export const PLAIN = 0;
export const SINGLE = 1;
export const DOUBLE = 2;
export const LITERAL = 3;

export interface ScalarRequest {
  readonly style: number;
  /** The tag written before the scalar (`!binary`, `!!str`), or null. */
  readonly tag: string | null;
}

const AS_PLAIN: ScalarRequest = { style: PLAIN, tag: null };
const AS_SINGLE: ScalarRequest = { style: SINGLE, tag: null };
const AS_DOUBLE: ScalarRequest = { style: DOUBLE, tag: null };
const AS_LITERAL: ScalarRequest = { style: LITERAL, tag: null };
const MERGE_KEY: ScalarRequest = { style: SINGLE, tag: '!!str' };

// `o =~ /\n(?!\Z)/`: a line break that is not the string's last character nor before a final one.
const INNER_BREAK = /\n(?!\n?$)/;
// `o =~ /^[^[:word:]][^"]*$/` with Ruby's line anchors (at `\n` only).
const NON_WORD_START = /(?:^|(?<=\n))[^\p{L}\p{M}\p{Nd}\p{Pc}][^"]*(?=\n|$)/u;
const OCTAL_LOOKING = /^0[0-7]*[89]/;

/** visit_String for a String that is not binary (Psych 4.0, no :line_width option). */
export function requestFor(s: string): ScalarRequest {
  if (INNER_BREAK.test(s)) return AS_LITERAL;
  if (s === '<<') return MERGE_KEY;
  if (s === 'y' || s === 'n') return AS_DOUBLE;
  if (NON_WORD_START.test(s)) return AS_DOUBLE;
  const token = tokenize(s);
  if (token === 'error') throw new PsychDumpError(`Psych cannot dump the string ${JSON.stringify(s)}`);
  if (token !== 'string' || OCTAL_LOOKING.test(s)) return AS_SINGLE;
  return AS_PLAIN;
}

/** Raised where `YAML.dump` itself raises (its scalar scanner fails on the text). */
export class PsychDumpError extends Error {
  override name = 'PsychDumpError';
}

/**
 * Ruby `Float#to_s`: Python's float text (shortest round-trip digits, `1.0e+16`, `1.0e-05`) except
 * that Ruby already switches to exponent form from 1e15 on, where Python waits until 1e16.
 */
export function rubyFloat(x: number): string {
  const abs = Math.abs(x);
  if (abs < 1e15 || abs >= 1e16) return representFloat(x);
  const mantissa = abs.toExponential().split('e')[0] as string;
  return `${x < 0 ? '-' : ''}${mantissa.includes('.') ? mantissa : `${mantissa}.0`}e+15`;
}
