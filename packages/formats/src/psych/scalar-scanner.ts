/**
 * Psych 4's `ScalarScanner#tokenize`, reduced to the one question `YAMLTree#visit_String` asks of it:
 * would this text, written plain, load back as a String? Ruby's `^`/`$` are line anchors at `\n` only
 * (JavaScript's `m` flag also breaks lines at `\r`, U+2028, U+2029), so they are spelled out as
 * BOL/EOL where the text may hold a `\n`; the later branches only see text without one. `\s` and
 * `\d` are ASCII in Ruby, `[[:alpha:]]` is Unicode.
 */

const BOL = String.raw`(?:^|(?<=\n))`;
const EOL = String.raw`(?=\n|$)`;
const STRINGISH = new RegExp(
  String.raw`${BOL}[^\d.:-]?[\p{Alphabetic}_ \t\n\v\f\r!@#$%^&*(){}<>|/\\~;=]+`,
  'u',
);
const TIME =
  /^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|[ \t\n\v\f\r]+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:[ \t\n\v\f\r]*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$/;
const DATE = /^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_,]*)?\.[0-9]*(?:[eE][-+][0-9]+)?)$/;
const INTEGER =
  /^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$/;

/** What `tokenize` makes of a text: a String, something else, or an exception (Psych fails to dump). */
export type Token = 'string' | 'other' | 'error';

export function tokenize(s: string): Token {
  if (s.length === 0) return 'other';
  if (STRINGISH.test(s) || s.includes('\n')) {
    if (s.length > 5) return 'string';
    if (new RegExp(`${BOL}[^ytonf~]`, 'i').test(s)) return 'string';
    if (s === '~' || new RegExp(`${BOL}null${EOL}`, 'i').test(s)) return 'other';
    if (new RegExp(`${BOL}(?:yes|true|on)${EOL}`, 'i').test(s)) return 'other';
    if (new RegExp(`${BOL}(?:no|false|off)${EOL}`, 'i').test(s)) return 'other';
    return 'string';
  }
  if (TIME.test(s)) return validTime(s) ? 'other' : 'string';
  if (DATE.test(s)) return validDate(s) ? 'other' : 'string';
  if (/^\+?\.inf$/i.test(s) || /^-\.inf$/i.test(s) || /^\.nan$/i.test(s)) return 'other';
  if (/^:[^\n]/.test(s)) return 'other';
  if (/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}$/.test(s)) return 'other';
  if (/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}\.[0-9_]*$/.test(s)) return 'other';
  if (FLOAT.test(s)) {
    if (/^[-+]?\.$/.test(s)) return 'string';
    return rubyFloatParses(s.replace(/[,_]|\.([Ee]|$)/g, '$1')) ? 'other' : 'error';
  }
  if (INTEGER.test(s)) return rubyIntegerParses(s.replace(/[,_]/g, '')) ? 'other' : 'error';
  return 'string';
}

/** `Time.utc(...)` raises ArgumentError for fields out of range; the scanner then keeps the String. */
function validTime(s: string): boolean {
  const m = /^-?(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt]|[ \t\n\v\f\r]+)(\d{1,2}):(\d\d):(\d\d)/.exec(s);
  if (m === null) return false;
  const [mo, d, h, mi, se] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || se > 60) return false;
  if (h === 24 && (mi > 0 || se > 0)) return false;
  // parse_time: the zone after the time, its hours read greedily (`-500` is -50 h, 0 min).
  const zone = /\d+:\d+:\d+(?:\.\d*)?[ \t\n\v\f\r]*([-+]\d+(?::\d\d)?)/.exec(s)?.[1];
  if (zone !== undefined) {
    const tz = /^([+-]?\d{1,2}):?(\d{1,2})?$/.exec(zone);
    if (tz === null) return false;
    const hours = Number(tz[1]);
    const offset = hours * 3600 + (hours < 0 || tz[1]?.startsWith('-') ? -1 : 1) * Number(tz[2] ?? 0) * 60;
    if (Math.abs(offset) >= 86400) return false;
  }
  return true;
}

/** `Date.strptime(s, '%Y-%m-%d')`: a real calendar date. */
function validDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= (days[m - 1] as number);
}

/** Ruby's strict `Float(text)`. */
function rubyFloatParses(t: string): boolean {
  return /^[-+]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?$/.test(t) && !/^[-+]?\./.test(t);
}

/** Ruby's strict `Integer(text)` (prefixes 0b, 0o, 0x, leading 0 = octal). */
function rubyIntegerParses(t: string): boolean {
  return /^[-+]?(?:0b[01]+|0o?[0-7]+|0x[0-9a-fA-F]+|0|[1-9]\d*)$/i.test(t);
}
