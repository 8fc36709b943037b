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
