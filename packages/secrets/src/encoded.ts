import { type Hit, jsonEncode, overlaps, type TextContext } from './hits.js';
import { scanPatterns } from './token-patterns.js';

/**
 * Key patterns hidden by an encoding the plain search cannot see through: JSON `\u` escapes
 * (`\u0041KIA...`) and base64 (a credentials file sent base64-encoded). Spans are in the raw text;
 * a redaction writes the placeholder back in the same encoding.
 */
export function scanEncoded(text: string, ctx: TextContext, claimed: readonly Hit[]): Hit[] {
  const out = scanEscapedJsonStrings(text, ctx, claimed);
  return out.concat(scanBase64(text, ctx, [...claimed, ...out]));
}

const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;

/** Pattern hits inside JSON string literals written with `\u` escapes, mapped back to the raw text. */
function scanEscapedJsonStrings(text: string, ctx: TextContext, claimed: readonly Hit[]): Hit[] {
  if (!text.includes('\\u')) return [];
  const out: Hit[] = [];
  JSON_STRING.lastIndex = 0;
  for (let m = JSON_STRING.exec(text); m !== null; m = JSON_STRING.exec(text)) {
    if (!m[0].includes('\\u')) continue;
    // Most such strings are prose (`caf\u00e9`) holding no key: decoded natively first, and mapped
    // character by character only when they hold one.
    const fast = parsedJsonString(m[0]);
    if (fast === null || scanPatterns(fast, ctx, [], 'json string').length === 0) continue;
    const decoded = decodeJsonString(text, m.index + 1, m.index + m[0].length - 1);
    if (decoded === null) continue;
    for (const hit of scanPatterns(decoded.text, ctx, [], 'json string')) {
      const start = decoded.at[hit.start]!;
      const end = decoded.at[hit.end]!;
      if (overlaps(claimed, start, end) || overlaps(out, start, end)) continue;
      out.push({ ...hit, start, end, encode: jsonEncode });
    }
  }
  return out;
}

/**
 * The literal's content as {@link decodeJsonString} reads it, by `JSON.parse` (native, many times
 * faster); null when it refuses it. `JSON.parse` also refuses raw control characters, which are
 * read as they are: they are escaped first, so both accept and give the same text.
 */
function parsedJsonString(literal: string): string | null {
  try {
    return JSON.parse(literal) as string;
  } catch {
    try {
      return JSON.parse(
        literal.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
      ) as string;
    } catch {
      return null;
    }
  }
}

const CONTROL = /[\u0000-\u001f]/g;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * The content of a JSON string literal between `from` and `to`, with `at[i]` the raw index where the
 * decoded character `i` starts (`at[length]` is `to`); null when it is no valid JSON string.
 */
function decodeJsonString(text: string, from: number, to: number): { text: string; at: number[] } | null {
  let out = '';
  const at: number[] = [];
  let i = from;
  while (i < to) {
    at.push(i);
    const c = text[i]!;
    if (c !== '\\') {
      out += c;
      i += 1;
      continue;
    }
    const kind = text[i + 1]!;
    if (kind === 'u') {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return null;
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 6;
    } else {
      const simple = SIMPLE_ESCAPES[kind];
      if (simple === undefined) return null;
      out += simple;
      i += 2;
    }
  }
  at.push(to);
  return { text: out, at };
}

/** Prefixes of AWS key ids, the pattern worth looking for inside base64. */
const KEY_ID_PREFIXES = ['AKIA', 'ASIA', 'ABIA', 'ACCA'];

/**
 * The base64 characters that a key id prefix alone decides, at each of the three byte alignments:
 * a base64 text holding a key id holds one of these, so only such runs are decoded.
 */
const BASE64_SIGNATURES: RegExp = (() => {
  const signatures = new Set<string>();
  for (const prefix of KEY_ID_PREFIXES) {
    for (let shift = 0; shift < 3; shift += 1) {
      const encoded = Buffer.concat([Buffer.alloc(shift), Buffer.from(prefix)]).toString('base64');
      let signature = '';
      for (let c = 0; c < encoded.length; c += 1) {
        // Character c holds bits [6c, 6c + 6); the prefix holds bits [8 shift, 8 shift + 32).
        if (6 * c >= 8 * shift && 6 * c + 6 <= 8 * shift + 8 * prefix.length) signature += encoded[c];
      }
      signatures.add(signature);
    }
  }
  return new RegExp([...signatures].map((s) => s.replace(/[+/]/g, '\\$&')).join('|'), 'g');
})();

const BASE64_CHAR = /[A-Za-z0-9+/_-]/;

/** Key ids (and the secret keys next to them) inside base64 runs of the text. */
function scanBase64(text: string, ctx: TextContext, claimed: readonly Hit[]): Hit[] {
  const out: Hit[] = [];
  BASE64_SIGNATURES.lastIndex = 0;
  for (let m = BASE64_SIGNATURES.exec(text); m !== null; m = BASE64_SIGNATURES.exec(text)) {
    let start = m.index;
    while (start > 0 && BASE64_CHAR.test(text[start - 1]!)) start -= 1;
    let end = m.index + m[0].length;
    while (end < text.length && BASE64_CHAR.test(text[end]!)) end += 1;
    for (let pad = 0; pad < 2 && text[end] === '='; pad += 1) end += 1;
    BASE64_SIGNATURES.lastIndex = end;
    const run = text.slice(start, end);
    if (run.length < 24 || overlaps(claimed, start, end) || overlaps(out, start, end)) continue;
    const urlSafe = /[-_]/.test(run);
    const decoded = Buffer.from(run, urlSafe ? 'base64url' : 'base64').toString('latin1');
    const inner = scanPatterns(decoded, ctx, [], 'base64');
    if (inner.length === 0) continue;
    const padded = run.endsWith('=');
    const encode = (placeholder: string): string => {
      let changed = '';
      let at = 0;
      for (const hit of inner) {
        changed += decoded.slice(at, hit.start) + placeholder;
        at = hit.end;
      }
      const bytes = Buffer.from(changed + decoded.slice(at), 'latin1');
      const again = bytes.toString(urlSafe ? 'base64url' : 'base64');
      return padded || urlSafe ? again : again.replace(/=+$/, '');
    };
    for (const hit of inner) out.push({ ...hit, start, end, encode });
  }
  return out;
}
