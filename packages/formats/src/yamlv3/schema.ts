/**
 * The js-yaml schema go-vcr cassettes are read with: yaml.v3's resolution of plain scalars (YAML 1.2
 * booleans and nulls, Go integers and floats; `yes`/`on` stay strings) and `!!binary` as bytes.
 * Timestamps stay strings (go-vcr has no time.Time field; Marshal quotes strings that look like one).
 * Any other tag is refused by js-yaml.
 */
import { pyFloat, type Value } from '@cassettekit/core';
import yaml from 'js-yaml';
import { binaryType } from '../psych/schema.js';

const NULL = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);
const INT = /^[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)$/;
const FLOAT =
  /^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

const nullType = new yaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string) => NULL.has(data),
  construct: () => null,
});

const boolType = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string) => TRUE.has(data) || FALSE.has(data),
  construct: (data: string) => TRUE.has(data),
});

const intType = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string) => INT.test(data) && /[0-9a-fA-F]$/.test(data),
  construct: (data: string): Value => {
    let text = data.replaceAll('_', '');
    const negative = text[0] === '-';
    if (text[0] === '-' || text[0] === '+') text = text.slice(1);
    const prefix = text.slice(0, 2).toLowerCase();
    let value: bigint;
    if (prefix === '0x' || prefix === '0o' || prefix === '0b') value = BigInt(`${prefix}${text.slice(2)}`);
    else if (text.length > 1 && text[0] === '0')
      value = /^[0-7]+$/.test(text) ? BigInt(`0o${text.slice(1)}`) : BigInt(text);
    else value = BigInt(text);
    if (negative) value = -value;
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value;
  },
});

const floatType = new yaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string) => FLOAT.test(data),
  construct: (data: string): Value => {
    const lower = data.toLowerCase();
    if (lower.endsWith('.nan')) return Number.NaN;
    if (lower.endsWith('.inf')) return data[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    return pyFloat(Number(data.replaceAll('_', '')));
  },
});

export const GO_VCR_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType],
  explicit: [binaryType('tag:yaml.org,2002:binary')],
});
