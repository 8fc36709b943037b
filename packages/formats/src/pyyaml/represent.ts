/**
 * `SafeRepresenter`: the text PyYAML writes for non-string scalars, the base64 layout of `bytes`,
 * and the order of mapping keys (`sorted(mapping.items())`, i.e. Python `str` order).
 */
import { Buffer } from 'node:buffer';

/**
 * Python `repr(float)` ('r' format, shortest round-trip digits): exponent notation when the decimal
 * point would sit before -4 or after 16 digits, `.0` added to integral fixed values.
 */
export function pythonFloatRepr(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const neg = x < 0;
  // toExponential() without an argument gives the shortest digits that round-trip, like repr.
  const e = (neg ? -x : x).toExponential();
  const ePos = e.indexOf('e');
  const digits = e.charCodeAt(1) === 46 ? e[0] + e.slice(2, ePos) : e.slice(0, ePos);
  const exp = Number(e.slice(ePos + 1));
  const decpt = exp + 1;
  let out: string;
  if (decpt <= -4 || decpt > 16) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ae = Math.abs(exp);
    out = `${mant}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  } else if (decpt <= 0) {
    out = `0.${'0'.repeat(-decpt)}${digits}`;
  } else if (decpt >= digits.length) {
    out = `${digits}${'0'.repeat(decpt - digits.length)}.0`;
  } else {
    out = `${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  return neg ? `-${out}` : out;
}

/** `represent_float`: `.nan`, `.inf`, `-.inf`, and `1.0e+16` rather than repr's `1e+16`. */
export function representFloat(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (x === Number.POSITIVE_INFINITY) return '.inf';
  if (x === Number.NEGATIVE_INFINITY) return '-.inf';
  const r = pythonFloatRepr(x);
  if (r.indexOf('.') < 0) {
    const i = r.indexOf('e');
    if (i >= 0) return `${r.slice(0, i)}.0${r.slice(i)}`;
  }
  return r;
}

/** `represent_int` for a JS number standing for a Python int (integral by the value model). */
export function representInt(x: number): string {
  return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
}

/**
 * `base64.encodebytes`: standard alphabet, a newline after every 76 characters and at the end
 * (nothing at all for empty input).
 */
export function encodeBytes(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  if (b64.length <= 76) return b64.length === 0 ? '' : `${b64}\n`;
  let out = '';
  for (let i = 0; i < b64.length; i += 76) out += `${b64.slice(i, i + 76)}\n`;
  return out;
}

/**
 * The lines of `encodeBytes(bytes)` as the body of a `|` block at `indent` (-1 counts as 0): each
 * line indented and newline-terminated, built in one byte buffer. Bodies run to megabytes, and
 * string slicing and joining (or a regex replace) per 76-character line costs several times more.
 */
export function literalBase64(bytes: Uint8Array, indent: number): string {
  const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const n = b64.length;
  const pad = Math.max(indent, 0);
  const total = n + Math.ceil(n / 76) * (pad + 1);
  const out = Buffer.allocUnsafe(total);
  // The base64 text goes at the end of the buffer and each line moves left to its place: lines
  // only ever move towards the start, so a line never overwrites text not yet moved.
  const base = total - n;
  out.write(b64, base, 'latin1');
  let o = 0;
  for (let i = 0; i < n; i += 76) {
    for (let k = 0; k < pad; k++) out[o++] = 32;
    const end = Math.min(i + 76, n);
    out.copyWithin(o, base + i, base + end);
    o += end - i;
    out[o++] = 10;
  }
  return out.toString('latin1', 0, o);
}

/**
 * Python compares `str` by code point; JS `<` by UTF-16 code unit. They only disagree when a
 * surrogate meets a character in U+E000..U+FFFF at the first difference, so look at whole code
 * points there. Equal prefixes mean the preceding unit is the same in both strings.
 */
export function comparePyStr(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 && y < 0xd800) return x - y;
    return codePointAround(a, i) - codePointAround(b, i);
  }
  return a.length - b.length;
}

/** The code point of the character that contains unit `i` (a pair's value, or the lone unit). */
function codePointAround(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
    const h = s.charCodeAt(i - 1);
    if (h >= 0xd800 && h <= 0xdbff) return ((h - 0xd800) << 10) + (c - 0xdc00) + 0x10000;
  }
  if (c >= 0xd800 && c <= 0xdbff) {
    const l = s.charCodeAt(i + 1);
    if (l >= 0xdc00 && l <= 0xdfff) return ((c - 0xd800) << 10) + (l - 0xdc00) + 0x10000;
  }
  return c;
}

const NEEDS_CP_ORDER = /[\ud800-\uffff]/;

/** The keys of a mapping in the order PyYAML writes them (sort_keys=True). */
export function sortedKeys(map: object): string[] {
  const keys = Object.keys(map);
  if (keys.length < 2) return keys;
  // One scan of all the keys together rather than a regex call per key.
  return NEEDS_CP_ORDER.test(keys.join('')) ? keys.sort(comparePyStr) : keys.sort();
}
