/**
 * yaml.v3's `stringv` question, "can this string be written plain?": `resolve("", s)` must give
 * `!!str`, and the string must not look like a YAML 1.1 sexagesimal float or boolean (yaml.v3 keeps
 * quoting those for older parsers). A port of resolve.go's plain-scalar branch for Go 1.19's strconv.
 */

// resolveMap, minus `<<`: no first character hint leads to the map for it, so it stays a string.
const SPECIAL = new Set([
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  '',
  '~',
  'null',
  'Null',
  'NULL',
  '.nan',
  '.NaN',
  '.NAN',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
]);
const OLD_BOOL = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'off',
  'Off',
  'OFF',
]);
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const YAML_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

export function canUsePlain(s: string): boolean {
  return (
    resolvesToStr(s) && !OLD_BOOL.has(s) && !(/^[-+0-9]/.test(s) && s.includes(':') && BASE60_FLOAT.test(s))
  );
}

/** `resolve("", s) == "!!str"` */
export function resolvesToStr(s: string): boolean {
  if (SPECIAL.has(s)) return false;
  const c = s.charCodeAt(0);
  if (c === 46) return !goParseFloat(s); // '.'
  const digit = c >= 48 && c <= 57;
  if (!digit && c !== 43 && c !== 45) return true; // hint 0 or 'M' (only the specials above resolve)
  if (isTimestamp(s)) return false;
  const plain = s.replaceAll('_', '');
  if (goParseInt(plain) || goParseUint(plain)) return false;
  if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) return false;
  if (/^-?0b[01]+$/.test(plain) && fitsInt(plain, 'b')) return false;
  if (/^-?0o[0-7]+$/.test(plain)) return false;
  return true;
}

const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(s, 0, 64): sign, then 0x/0o/0b prefixes or a leading 0 for octal. */
function goParseInt(s: string): boolean {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (m === null) return false;
  const v = toBigInt(m[2] as string);
  return m[1] === '-' ? v <= INT64_MAX + 1n : v <= INT64_MAX;
}

/** strconv.ParseUint(s, 0, 64): no sign. */
function goParseUint(s: string): boolean {
  const m = /^(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  return m !== null && toBigInt(m[1] as string) <= UINT64_MAX;
}

function fitsInt(s: string, _base: 'b'): boolean {
  const neg = s.startsWith('-');
  const v = BigInt(`0b${s.slice(neg ? 3 : 2)}`);
  return neg ? v <= INT64_MAX + 1n : v <= UINT64_MAX;
}

function toBigInt(digits: string): bigint {
  const p = digits.slice(0, 2).toLowerCase();
  if (p === '0x' || p === '0o' || p === '0b') return BigInt(`${p}${digits.slice(2)}`);
  if (digits.length > 1 && digits[0] === '0') return BigInt(`0o${digits.slice(1)}`);
  return BigInt(digits);
}

/** strconv.ParseFloat for text starting with '.': decimal only here (no sign, prefix or `_`). */
function goParseFloat(s: string): boolean {
  return /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(s) && Number.isFinite(Number(s));
}

/** parseTimestamp: four digits and '-', then one of yaml.v3's layouts, with Go's range checks. */
function isTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  const m =
    /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:([Tt ])([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})?)?$/.exec(
      s,
    );
  if (m === null) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  if (m[4] === undefined) return true;
  if (m[4] === ' ' && m[9] !== undefined) return false; // the space layout has no zone
  if ((m[4] === 'T' || m[4] === 't') && m[9] === undefined) return false; // the T layouts need one
  if (Number(m[5]) > 23 || Number(m[6]) > 59 || Number(m[7]) > 59) return false;
  if (m[9] !== undefined && m[9] !== 'Z') {
    const [h, min] = (m[9] as string).slice(1).split(':').map(Number) as [number, number];
    if (h > 24 || min > 59) return false;
  }
  return true;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
