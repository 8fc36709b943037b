/**
 * The js-yaml schema Ruby VCR cassettes are read with: what Psych's `ScalarScanner` resolves for
 * plain scalars that cassettes hold (nil, booleans in any case, integers with `_`/`,`, floats,
 * `.inf`/`.nan`), `!binary` and `!!binary` as bytes (Psych's ASCII-8BIT Strings). Every other tag,
 * `!ruby/object:...` among them, is unknown here, so js-yaml refuses it: nothing is constructed.
 *
 * Deviation from Psych, on purpose: times, dates and `:symbols` stay strings (Psych would build a
 * Time, a Date or a Symbol); VCR writes none of them plain, and a string keeps the text exact.
 */
import { Buffer } from 'node:buffer';
import { pyFloat, type Value } from '@cassettekit/core';
import yaml from 'js-yaml';

const NULL = /^(?:~|[Nn][Uu][Ll][Ll]|)$/;
const TRUE = /^(?:yes|true|on)$/i;
const FALSE = /^(?:no|false|off)$/i;
const INTEGER =
  /^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_,]*)?\.[0-9]*(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

const nullType = new yaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string) => NULL.test(data),
  construct: () => null,
});

const boolType = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string) => data.length <= 5 && (TRUE.test(data) || FALSE.test(data)),
  construct: (data: string) => TRUE.test(data),
});

const intType = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string) => INTEGER.test(data) && /[0-9]$|[0-9a-fA-F]$/.test(data.replace(/[_,]+$/, '')),
  construct: (data: string): Value => {
    let text = data.replace(/[_,]/g, '');
    let sign = 1n;
    if (text[0] === '-' || text[0] === '+') {
      if (text[0] === '-') sign = -1n;
      text = text.slice(1);
    }
    const value = sign * BigInt(/^0[0-7]+$/.test(text) ? `0o${text.slice(1)}` : text);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value;
  },
});

const floatType = new yaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string) => FLOAT.test(data) && !/^[-+]?\.$/.test(data),
  construct: (data: string): Value => {
    const lower = data.toLowerCase();
    if (lower.endsWith('.nan')) return Number.NaN;
    if (lower.endsWith('.inf')) return data[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    return pyFloat(Number(data.replace(/[,_]/g, '').replace(/\.([Ee]|$)/, '$1')));
  },
});

const BASE64 = /^[A-Za-z0-9+/=\s]*$/;
/** `!!binary` (or Psych's local `!binary`) as bytes, decoded natively. */
export function binaryType(tag: string): yaml.Type {
  return new yaml.Type(tag, {
    kind: 'scalar',
    resolve: (data: string | null) => data === null || BASE64.test(data),
    construct: (data: string | null) => {
      const buffer = Buffer.from(data ?? '', 'base64');
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    },
  });
}

export const RUBY_VCR_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType],
  explicit: [binaryType('!binary'), binaryType('tag:yaml.org,2002:binary')],
});
