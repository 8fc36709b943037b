import { pyFloat, type Value, type ValueMap } from '@cassettekit/core';
import yaml from 'js-yaml';

/**
 * The schema cassettes are read with: what PyYAML's SafeLoader resolves (YAML 1.1: `yes`/`off` are
 * booleans, `0o17`/`017`/`0x1F`/`1_000`/`1:30` are ints, `1e3` without a dot is a string), `!!binary`
 * as bytes, and vcrpy's legacy tags read as data. Any other tag — every `!!python/object/apply:...`
 * among them — is unknown to this schema, so js-yaml refuses it: nothing in a cassette is executed.
 *
 * Deviation from PyYAML, on purpose: timestamps (`2001-12-14`) stay strings (PyYAML builds a date);
 * vcrpy never writes them plain, and a string keeps the text exact.
 */

// PyYAML resolver.py, SafeLoader's implicit resolvers (YAML 1.1).
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const NULL = /^(?:~|null|Null|NULL|)$/;

const nullType = new yaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string) => NULL.test(data),
  construct: () => null,
});

const boolType = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string) => BOOL.test(data),
  construct: (data: string) => /^(?:yes|true|on)$/i.test(data),
});

const intType = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string) => INT.test(data),
  construct: constructInt,
});

const floatType = new yaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string) => FLOAT.test(data),
  construct: constructFloat,
});

/** PyYAML's construct_yaml_int: signs, `_`, binary, octal (leading 0), hex, sexagesimal. */
function constructInt(data: string): number | bigint {
  let text = data.replaceAll('_', '');
  let sign = 1n;
  if (text[0] === '-' || text[0] === '+') {
    if (text[0] === '-') sign = -1n;
    text = text.slice(1);
  }
  let value: bigint;
  if (text === '0') value = 0n;
  else if (text.startsWith('0b')) value = BigInt(text);
  else if (text.startsWith('0x')) value = BigInt(text);
  else if (text.startsWith('0')) value = BigInt(`0o${text.slice(1)}`);
  else if (text.includes(':')) {
    value = 0n;
    for (const part of text.split(':')) value = value * 60n + BigInt(part);
  } else value = BigInt(text);
  value *= sign;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/** PyYAML's construct_yaml_float. */
function constructFloat(data: string): Value {
  let text = data.replaceAll('_', '').toLowerCase();
  let sign = 1;
  if (text[0] === '-' || text[0] === '+') {
    if (text[0] === '-') sign = -1;
    text = text.slice(1);
  }
  let value: number;
  if (text === '.inf') value = Number.POSITIVE_INFINITY;
  else if (text === '.nan') value = Number.NaN;
  else if (text.includes(':')) {
    value = 0;
    for (const part of text.split(':')) value = value * 60 + Number(part);
  } else value = Number(text);
  return pyFloat(sign * value);
}

// Legacy vcrpy tags (Python 2 era), read as the data they hold.
const pythonUnicode = new yaml.Type('tag:yaml.org,2002:python/unicode', {
  kind: 'scalar',
  construct: (data: string | null) => data ?? '',
});
const pythonStr = new yaml.Type('tag:yaml.org,2002:python/str', {
  kind: 'scalar',
  construct: (data: string | null) => data ?? '',
});
const pythonTuple = new yaml.Type('tag:yaml.org,2002:python/tuple', {
  kind: 'sequence',
  construct: (data: Value[] | null) => data ?? [],
});

/** `!!python/object/new:_io.BytesIO {state: [content, pos, dict]}`: a file-like body, read as its bytes. */
const bytesIO = new yaml.Type('tag:yaml.org,2002:python/object/new:_io.BytesIO', {
  kind: 'mapping',
  construct: (data: ValueMap | null): Value => {
    const state = data?.state;
    const content = Array.isArray(state) ? state[0] : undefined;
    if (content instanceof Uint8Array) return content;
    return new TextEncoder().encode(typeof content === 'string' ? content : '');
  },
});

/** `!!python/object/apply:builtins.iter {args: [[chunks]]}`: an iterator body, read as its list. */
const builtinsIter = new yaml.Type('tag:yaml.org,2002:python/object/apply:builtins.iter', {
  kind: 'mapping',
  construct: (data: ValueMap | null): Value => {
    const args = data?.args;
    const first = Array.isArray(args) ? args[0] : undefined;
    return Array.isArray(first) ? first : [];
  },
});

/**
 * `!!binary` as bytes. js-yaml's own type decodes base64 one character at a time in JavaScript,
 * which made large media bodies cost most of a corpus load; Buffer's decoder is native.
 */
const BASE64 = /^[A-Za-z0-9+/=\s]*$/;
const binary = new yaml.Type('tag:yaml.org,2002:binary', {
  kind: 'scalar',
  resolve: (data: string | null) => data === null || BASE64.test(data),
  construct: (data: string | null) => {
    const buffer = Buffer.from(data ?? '', 'base64');
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  },
});

/** Psych writes ASCII-8BIT strings (Ruby VCR's binary bodies) with its local tag `!binary`. */
const psychBinary = new yaml.Type('!binary', {
  kind: 'scalar',
  resolve: (data: string | null) => data === null || BASE64.test(data),
  construct: (data: string | null) => binary.construct(data),
});

// js-yaml exports its built-in types at run time; its type definitions omit them.
const merge = (yaml as unknown as { types: { merge: yaml.Type } }).types.merge;

export const CASSETTE_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType, merge],
  explicit: [binary, psychBinary, pythonUnicode, pythonStr, pythonTuple, bytesIO, builtinsIter],
});
