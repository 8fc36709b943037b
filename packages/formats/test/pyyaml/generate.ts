/**
 * Seeded generator of cassette-like documents full of strings that are hard to emit: YAML-looking
 * words, indicators, every control and break character, surrogates, long words, multi-line text,
 * long keys, empty collections, bytes of every length, and the odd shared (anchored) object.
 */
import { PyFloat, setKey, type Value, type ValueMap } from '@cassettekit/core';

export type Rng = () => number;

/** mulberry32: small, fast, good enough for test data. */
export function makeRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const YAMLISH = [
  'yes',
  'Yes',
  'YES',
  'no',
  'No',
  'NO',
  'on',
  'On',
  'off',
  'OFF',
  'true',
  'True',
  'FALSE',
  'false',
  'y',
  'n',
  'null',
  'Null',
  'NULL',
  'nul',
  '~',
  '~~',
  '',
  '1e3',
  '1.0e+3',
  '1.0e3',
  '1e+3',
  '0x1F',
  '0x_1f',
  '0o17',
  '017',
  '08',
  '0b101',
  '0b',
  '.inf',
  '-.inf',
  '+.INF',
  '.Inf',
  '.NaN',
  '.nan',
  '.NAN',
  '2001-12-14',
  '2001-1-4',
  '2001-12-14 21:59:43.10 -5',
  '2001-12-14t21:59:43.10-05:00',
  '2001-12-14T21:59:43Z',
  '1_000',
  '1:20',
  '-1:20',
  '190:20:30.15',
  '1:70',
  '=',
  '==',
  '<<',
  '<',
  '-',
  '--',
  '---',
  '---x',
  '...',
  '....',
  '? ',
  '?',
  '?x',
  ':',
  ': ',
  ':x',
  'a:',
  'a:b',
  'a: b',
  '- ',
  '-x',
  '-1',
  '+1',
  '!',
  '!x',
  '&a',
  '*a',
  '%',
  '%x',
  '@',
  '`',
  '|',
  '|-',
  '>',
  '#',
  ' #',
  '#x',
  'a#b',
  'a #b',
  ',',
  'a,b',
  '[',
  ']',
  '[]',
  '{',
  '}',
  '{}',
  "'",
  "''",
  '"',
  '\\',
  '12',
  '-12',
  '+12',
  '3.14',
  '-3.14',
  '1e',
  '1.',
  '.5',
  '+.5',
  '-.5e-3',
  'e3',
  '0',
  '00',
  '1__0',
  '0.',
  '._',
  '1:2:3',
  '12:30:45',
  '6.8523015e+5',
  '685.230_15e+03',
  '685_230.15',
  '-0',
  '+0',
  '0x',
  '0xG',
];

const WS = [
  ' ',
  '  ',
  '   ',
  '\t',
  ' \t',
  '\t ',
  '\n',
  '\r\n',
  '\r',
  '\n\n',
  ' \n',
  '\n ',
  '\n  \n',
  '\n\n\n',
];

const SPECIAL = [
  '\x85',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\xa0',
  '\x7f',
  '\x80',
  '\x9f',
  '\ufffe',
  '\uffff',
  '\ufffd',
  '\ue000',
  '\ud7ff',
  '\x1b',
  '\x00',
  '\x07',
  '\x08',
  '\x0b',
  '\x0c',
  '\u0100',
  '\u00ff',
];

const UNICODE = ['é', 'ü', 'ß', '日本語', 'Ω', 'Привет', '中', 'ﬁ', '€', '\u00e9\u0301', 'ÿ'];
const ASTRAL = ['😀', '\u{10000}', '\u{10FFFF}', '\u{10FFFE}', '𝕏', '🎉🎉', '\u{1F1FA}\u{1F1F8}'];
const LONE = ['\ud800', '\udfff', '\udbff', '\udc00', '\ud83d'];
const MISC = [
  'https://api.openai.com/v1/chat/completions?x=1&y=2',
  '{"model": "gpt-4", "messages": [{"role": "user", "content": "hi"}]}',
  'Content-Type',
  'application/json',
  'Bearer sk-xxx',
  'gzip, deflate',
  'keep-alive',
  'text/plain; charset=utf-8',
  "it's",
  'say "hi"',
  'C:\\path\\to',
  'a  b',
  'tab\there',
  'x'.repeat(60),
];

function pick<T>(r: Rng, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

function int(r: Rng, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

function word(r: Rng, min: number, max: number): string {
  const n = int(r, min, max);
  let s = '';
  const alphabet = r() < 0.8 ? 'abcdefghijklmnopqrstuvwxyz' : 'abcXYZ0123456789_-./=+';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

function atom(r: Rng, lone: boolean): string {
  const x = r();
  if (x < 0.3) return word(r, 1, 10);
  if (x < 0.5) return pick(r, YAMLISH);
  if (x < 0.62) return pick(r, WS);
  if (x < 0.7) return pick(r, SPECIAL);
  if (x < 0.72) return String.fromCharCode(int(r, 0, 31));
  if (x < 0.78) return pick(r, UNICODE);
  if (x < 0.82) return pick(r, ASTRAL);
  if (x < 0.9) return pick(r, MISC);
  if (x < 0.95) return word(r, 30, 160);
  if (lone) return pick(r, LONE);
  return pick(r, [...':#\'"-?,[]{}!&*|>%@`']);
}

function sentence(r: Rng, words: number): string {
  let s = '';
  for (let i = 0; i < words; i++) {
    if (i > 0) s += r() < 0.9 ? ' ' : r() < 0.5 ? '  ' : pick(r, [', ', ': ', ' - ', ' #', '. ']);
    s += r() < 0.85 ? word(r, 1, 12) : atom(r, false);
  }
  return s;
}

function multiline(r: Rng): string {
  const lines: string[] = [];
  const n = int(r, 1, 8);
  for (let i = 0; i < n; i++) {
    const y = r();
    if (y < 0.15) lines.push('');
    else if (y < 0.25) lines.push(' '.repeat(int(r, 1, 4)));
    else if (y < 0.35) lines.push(` ${sentence(r, int(r, 1, 6))}`);
    else lines.push(sentence(r, int(r, 1, 25)));
  }
  const sep = r() < 0.8 ? '\n' : pick(r, ['\r\n', '\u2028', '\x85', '\n\n']);
  let s = lines.join(sep);
  if (r() < 0.4) s += r() < 0.7 ? '\n' : '\n\n';
  return s;
}

/** A string of one of several shapes; `lone` allows lone surrogates (libyaml refuses those). */
export function genString(r: Rng, lone = r() < 0.01): string {
  const x = r();
  if (x < 0.25) return atom(r, lone);
  if (x < 0.5) return sentence(r, int(r, 1, 30));
  if (x < 0.78) {
    let s = '';
    const n = int(r, 1, 10);
    for (let i = 0; i < n; i++) s += atom(r, lone);
    return s;
  }
  if (x < 0.9) return multiline(r);
  if (x < 0.97) return sentence(r, int(r, 40, 250));
  if (x < 0.995) return JSON.stringify({ text: sentence(r, int(r, 50, 400)), n: int(r, 0, 1e6), ok: true });
  return sentence(r, int(r, 2000, 6000));
}

function genKey(r: Rng): string {
  const x = r();
  if (x < 0.5) return word(r, 1, 15);
  if (x < 0.6)
    return pick(r, ['Content-Type', 'content-length', 'X-Request-Id', 'status', 'uri', 'body', 'method']);
  if (x < 0.67) return pick(r, ['$bytes', '$float', '$int', '$map', '$x']);
  if (x < 0.75) return word(r, 100, 140);
  if (x < 0.8) return `${pick(r, UNICODE)}${word(r, 40, 70)}`;
  return genString(r).slice(0, r() < 0.9 ? 40 : 300);
}

function genBytes(r: Rng): Uint8Array {
  const n = r() < 0.8 ? int(r, 0, 200) : int(r, 200, 3000);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(r() * 256);
  return b;
}

const FLOATS = [
  0.5,
  -0.5,
  1.5,
  Math.PI,
  1e-5,
  1e-4,
  0.0001234,
  1.5e16,
  1.5e-7,
  1e300,
  -1e-300,
  5e-324,
  1.7976931348623157e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0.1,
  0.30000000000000004,
  123456789.125,
];
const INTEGRAL_FLOATS = [0, -0, 1, -1, 1e15, 1e16, 1e17, 1e22, 123, 2 ** 53, 1e300];

function genScalar(r: Rng): Value {
  const x = r();
  if (x < 0.6) return genString(r);
  if (x < 0.7) return r() < 0.7 ? int(r, -1000, 100000) : int(r, -(2 ** 52), 2 ** 52);
  if (x < 0.72) return BigInt(int(r, 1, 1e9)) * 10n ** BigInt(int(r, 10, 30)) * (r() < 0.5 ? -1n : 1n);
  if (x < 0.77) return r() < 0.5 ? pick(r, FLOATS) : (r() - 0.5) * 10 ** int(r, -8, 20);
  if (x < 0.8) return new PyFloat(pick(r, INTEGRAL_FLOATS));
  if (x < 0.85) return r() < 0.5;
  if (x < 0.9) return null;
  return genBytes(r);
}

function genValue(r: Rng, depth: number, pool: Value[]): Value {
  const x = r();
  if (depth <= 0 || x < 0.55) return genScalar(r);
  if (x < 0.57 && pool.length > 0) return pick(r, pool); // shared object: anchors and aliases
  if (x < 0.75) {
    const arr: Value[] = [];
    const n = r() < 0.15 ? 0 : int(r, 1, 5);
    for (let i = 0; i < n; i++) arr.push(genValue(r, depth - 1, pool));
    if (r() < 0.05) pool.push(arr);
    return arr;
  }
  const map: ValueMap = {};
  const n = r() < 0.15 ? 0 : int(r, 1, 5);
  for (let i = 0; i < n; i++) setKey(map, genKey(r), genValue(r, depth - 1, pool));
  if (r() < 0.05) pool.push(map);
  return map;
}

function genHeaders(r: Rng): ValueMap {
  const h: ValueMap = {};
  const n = int(r, 0, 6);
  for (let i = 0; i < n; i++) {
    const values: Value[] = [];
    const m = r() < 0.9 ? 1 : int(r, 0, 3);
    for (let j = 0; j < m; j++) values.push(r() < 0.9 ? genString(r) : genBytes(r));
    setKey(h, genKey(r), values);
  }
  return h;
}

function genBody(r: Rng): Value {
  const x = r();
  if (x < 0.15) return null;
  if (x < 0.3) return genBytes(r);
  return genString(r);
}

function genCassette(r: Rng): Value {
  const interactions: Value[] = [];
  const n = int(r, 0, 3);
  for (let i = 0; i < n; i++) {
    const reqHeaders = genHeaders(r);
    interactions.push({
      request: { body: genBody(r), headers: reqHeaders, method: pick(r, ['GET', 'POST']), uri: genString(r) },
      response: {
        body: { string: genBody(r) },
        headers: r() < 0.05 ? reqHeaders : genHeaders(r),
        status: { code: int(r, 100, 599), message: r() < 0.8 ? 'OK' : genString(r) },
      },
    });
  }
  return { interactions, version: 1 };
}

/** One document: a cassette, a random tree, or a lone (root) scalar. */
export function genDoc(r: Rng): Value {
  const x = r();
  if (x < 0.35) return genCassette(r);
  if (x < 0.5) return genScalar(r);
  return genValue(r, int(r, 1, 5), []);
}

export function generateDocs(seed: number, count: number): Value[] {
  const r = makeRng(seed);
  const docs: Value[] = [];
  for (let i = 0; i < count; i++) docs.push(genDoc(r));
  return docs;
}
