import { randomBytes } from 'node:crypto';
import { PyFloat, type Value } from '@cassettekit/core';

/**
 * JSON.parse forgets how a number was written: `1.0` and `1e+20` come back as integers, and an
 * integer above 2^53 loses digits. Python's json decides by the text — a fraction or an exponent
 * makes a float, anything else an int of any size — and accepts `NaN`/`Infinity`, which it writes.
 *
 * `protectNumbers` finds the number tokens outside strings whose value JSON.parse would get wrong
 * (rare: most cassettes have none, and then the text is returned as it is) and writes each as a
 * string `"<marker><token>"`; after JSON.parse, `restoreNumber` turns those strings back into the
 * Python value. The marker carries a random part that is checked not to occur in the text, so no
 * string of the cassette can pass for a number.
 */
export interface ProtectedJson {
  readonly text: string;
  /** Null when no number needed protecting. */
  readonly marker: string | null;
}

// A whole string (so digits inside strings are skipped), or a number token, or a non-finite literal.
const TOKENS = /"[^"\\]*(?:\\[\s\S][^"\\]*)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|-?Infinity|NaN/g;

export function protectNumbers(text: string): ProtectedJson {
  let marker: string | null = null;
  let out = '';
  let last = 0;
  TOKENS.lastIndex = 0;
  for (let match = TOKENS.exec(text); match !== null; match = TOKENS.exec(text)) {
    const token = match[0];
    if (token.charCodeAt(0) === 34 /* " */ || !needsProtection(token)) continue;
    if (marker === null) marker = newMarker(text);
    // The marker's NUL is written escaped: JSON strings may not hold raw control characters.
    out += `${text.slice(last, match.index)}"\\u0000${marker.slice(1)}${token}"`;
    last = match.index + token.length;
  }
  return marker === null ? { text, marker } : { text: out + text.slice(last), marker };
}

// Where a fraction or an exponent is written between digits: in a number token, or in a string.
const FRACTION_OR_EXPONENT = /\d(?:\.|[eE][-+]?)\d/g;
// A number token, read where one starts.
const NUMBER_AT = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;

/**
 * False when `protectNumbers(text)` would protect nothing, given `document` = JSON.parse(text): a
 * check much cheaper than the scan (which must walk every string to tell them from numbers), so the
 * scan runs only when it may matter. Integers beyond 2^53, integral floats beyond it and `-0` show
 * in the document; an integral float below 2^53 (`1.0`, `2.5e3`) is looked for in the text, where a
 * fraction or an exponent is written after `:`, `,` or `[` — a hit inside a string costs the scan.
 */
export function mayNeedProtection(text: string, document: unknown): boolean {
  return hasUnsafeNumber(document) || hasIntegralFloat(text);
}

/** An integer JSON.parse may have rounded (not a safe integer), or `-0`; a walk without recursion. */
function hasUnsafeNumber(document: unknown): boolean {
  const stack = [document];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'number') {
      if ((Number.isInteger(value) && !Number.isSafeInteger(value)) || Object.is(value, -0)) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (typeof value === 'object' && value !== null) {
      for (const key in value) stack.push((value as Record<string, unknown>)[key]);
    }
  }
  return false;
}

function hasIntegralFloat(text: string): boolean {
  FRACTION_OR_EXPONENT.lastIndex = 0;
  for (let hit = FRACTION_OR_EXPONENT.exec(text); hit !== null; hit = FRACTION_OR_EXPONENT.exec(text)) {
    let start = hit.index;
    while (start > 0 && isNumberChar(text.charCodeAt(start - 1))) start -= 1;
    let before = start - 1;
    while (before >= 0 && isJsonSpace(text.charCodeAt(before))) before -= 1;
    const after = before < 0 ? -1 : text.charCodeAt(before);
    if (before >= 0 && after !== 58 /* : */ && after !== 44 /* , */ && after !== 91 /* [ */) continue;
    NUMBER_AT.lastIndex = start;
    const token = NUMBER_AT.exec(text)?.[0];
    // A token ends where the JSON goes on (`,`, `]`, `}`, space): `1E8C` in a header value is no number.
    if (token === undefined || !endsValue(text.charCodeAt(start + token.length))) continue;
    if (needsProtection(token)) return true;
  }
  return false;
}

/** Digits, `.`, `e`, `E`, `+` and `-`: what a number token is made of. */
function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}

/** What may follow a value in JSON (NaN: the end of the text). */
function endsValue(c: number): boolean {
  return Number.isNaN(c) || c === 44 || c === 93 || c === 125 || isJsonSpace(c);
}

function isJsonSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** The value a protected string stands for, or the string itself. */
export function restoreNumber(value: string, marker: string): Value {
  if (!value.startsWith(marker)) return value;
  const token = value.slice(marker.length);
  if (token === 'NaN') return Number.NaN;
  if (token.endsWith('Infinity')) return token[0] === '-' ? -Infinity : Infinity;
  if (/[.eE]/.test(token)) {
    const float = Number(token);
    return Number.isInteger(float) || Object.is(float, -0) ? new PyFloat(float) : float;
  }
  const int = BigInt(token);
  return int >= BigInt(Number.MIN_SAFE_INTEGER) && int <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(int) : int;
}

/** True for tokens JSON.parse would read wrongly or refuse: integral floats, big or negative-zero ints, non-finite literals. */
function needsProtection(token: string): boolean {
  const first = token.charCodeAt(token[0] === '-' ? 1 : 0);
  if (first === 73 /* I */ || first === 78 /* N */) return true;
  if (/[.eE]/.test(token)) {
    const float = Number(token);
    return Number.isInteger(float) || Object.is(float, -0);
  }
  return token === '-0' || !Number.isSafeInteger(Number(token));
}

function newMarker(text: string): string {
  for (;;) {
    const marker = `\u0000#${randomBytes(9).toString('base64url')}#`;
    if (!text.includes(marker.slice(1))) return marker;
  }
}
