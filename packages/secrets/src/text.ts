import { isPlaceholder } from './placeholder.js';
import {
  ANCHORS,
  FIELD_RULES,
  type HeaderRule,
  type NamedRule,
  normalizeKey,
  PARAM_RULES,
  PATTERN_RULES,
  type PatternRule,
  RULES_BY_ANCHOR,
  type RuleInfo,
} from './rules.js';

/** Which per-target placeholder applies to a hit (`--placeholder-for header:Authorization=...`). */
export interface Target {
  readonly kind: 'header' | 'param' | 'field' | 'rule';
  /** Header, parameter or field name as written, or the rule id for pattern hits. */
  readonly name: string;
}

/** A credential found in one text: where (a span of the text), what, and how to write a placeholder. */
export interface Hit {
  readonly rule: RuleInfo;
  readonly start: number;
  readonly end: number;
  /** The credential as the service sees it (URL- or JSON-decoded). */
  readonly secret: string;
  /** Where in the text, for the location: `query: api_key`, `json: $.access_token`, `text`. */
  readonly where: string;
  readonly target: Target;
  /** The placeholder as it must be written at the span (URL- or JSON-encoded). */
  readonly encode: (placeholder: string) => string;
}

/** What a scan treats as "not a credential" and which rules it applies. */
export interface TextContext {
  readonly identifiers: boolean;
  readonly placeholders: ReadonlySet<string> | undefined;
  readonly benignCookies: ReadonlySet<string>;
}

const raw = (placeholder: string) => placeholder;
const jsonEncode = (placeholder: string) => JSON.stringify(placeholder).slice(1, -1);
const urlEncode = (placeholder: string) => encodeURIComponent(placeholder);

/**
 * Keys that are public by design: PostHog project keys (`phc_`, write-only ingestion keys meant for
 * browsers) and Stripe publishable keys (`pk_live_`, `pk_test_`).
 */
const PUBLISHABLE = /^(?:phc_|pk_live_|pk_test_)[A-Za-z0-9]{16,}$/;

function notSecret(value: string, ctx: TextContext): boolean {
  return isPlaceholder(value, ctx.placeholders) || PUBLISHABLE.test(value.trim());
}

function wanted(rule: RuleInfo, ctx: TextContext): boolean {
  return rule.severity === 'secret' || ctx.identifiers;
}

function overlaps(hits: readonly Hit[], start: number, end: number): boolean {
  for (const hit of hits) if (start < hit.end && end > hit.start) return true;
  return false;
}

/**
 * Pattern rules over a text, skipping spans already claimed by a named rule (a query parameter, a
 * JSON field), so that one credential is one finding.
 */
export function scanPatterns(text: string, ctx: TextContext, claimed: readonly Hit[], where: string): Hit[] {
  // One pass over the text finds the anchors present; only their rules run.
  ANCHORS.lastIndex = 0;
  let present: Set<PatternRule> | null = null;
  for (let m = ANCHORS.exec(text); m !== null; m = ANCHORS.exec(text)) {
    present ??= new Set();
    for (const rule of RULES_BY_ANCHOR.get(m[0]) ?? []) present.add(rule);
  }
  if (present === null) return [];
  const out: Hit[] = [];
  for (const rule of PATTERN_RULES) {
    if (!present.has(rule) || !wanted(rule, ctx)) continue;
    for (const { start, end } of matches(rule, text)) {
      const secret = text.slice(start, end);
      if (rule.accept !== undefined && !rule.accept(secret)) continue;
      if (notSecret(secret, ctx) || looksExample(secret)) continue;
      if (overlaps(claimed, start, end) || overlaps(out, start, end)) continue;
      out.push({ rule, start, end, secret, where, target: { kind: 'rule', name: rule.id }, encode: raw });
      if (rule.id === 'aws-access-key-id') {
        const near = awsSecretNear(text, start, end, ctx, [...claimed, ...out]);
        if (near !== null) out.push({ ...near, where });
      }
    }
  }
  return out;
}

function* matches(rule: PatternRule, text: string): Generator<{ start: number; end: number }> {
  if (rule.find !== undefined) {
    yield* rule.find(text);
    return;
  }
  rule.regex.lastIndex = 0;
  for (let m = rule.regex.exec(text); m !== null; m = rule.regex.exec(text)) {
    const secret = m.groups?.secret ?? m[0];
    const start = m.index + m[0].lastIndexOf(secret);
    yield { start, end: start + secret.length };
  }
}

/** AWS's documented examples (`AKIAIOSFODNN7EXAMPLE`, `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`). */
function looksExample(secret: string): boolean {
  return secret.includes('EXAMPLE');
}

const AWS_SECRET_RULE: RuleInfo = {
  id: 'aws-secret-access-key',
  description: 'AWS secret access key (next to an access key id)',
  severity: 'secret',
};
const AWS_SECRET = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/** A 40-character secret key within 300 characters of an access key id, as configs and dumps hold them. */
function awsSecretNear(
  text: string,
  start: number,
  end: number,
  ctx: TextContext,
  claimed: readonly Hit[],
): Hit | null {
  const from = Math.max(0, start - 300);
  const window = text.slice(from, Math.min(text.length, end + 300));
  AWS_SECRET.lastIndex = 0;
  for (let m = AWS_SECRET.exec(window); m !== null; m = AWS_SECRET.exec(window)) {
    const secret = m[0];
    const s = from + m.index;
    if (s >= start && s < end) continue;
    // Keys are base64 of random bytes: mixed case and digits, and not a hex digest.
    if (!/[a-z]/.test(secret) || !/[A-Z]/.test(secret) || !/\d/.test(secret)) continue;
    if (notSecret(secret, ctx) || looksExample(secret)) continue;
    if (overlaps(claimed, s, s + secret.length)) continue;
    return {
      rule: AWS_SECRET_RULE,
      start: s,
      end: s + secret.length,
      secret,
      where: '',
      target: { kind: 'rule', name: AWS_SECRET_RULE.id },
      encode: raw,
    };
  }
  return null;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** `name=value&...` pairs between `from` and `to` (a query string or a form body), by parameter rules. */
export function scanPairs(
  text: string,
  from: number,
  to: number,
  kind: 'query' | 'form',
  ctx: TextContext,
): Hit[] {
  const out: Hit[] = [];
  let at = from;
  while (at < to) {
    let amp = text.indexOf('&', at);
    if (amp === -1 || amp > to) amp = to;
    const eq = text.indexOf('=', at);
    if (eq !== -1 && eq < amp) {
      const name = decodeComponent(text.slice(at, eq));
      const rule = PARAM_RULES.get(name.toLowerCase());
      if (rule !== undefined && wanted(rule, ctx)) {
        const secret = decodeComponent(text.slice(eq + 1, amp));
        if (!notSecret(secret, ctx)) {
          out.push({
            rule,
            start: eq + 1,
            end: amp,
            secret,
            where: `${kind}: ${name}`,
            target: { kind: 'param', name },
            encode: urlEncode,
          });
        }
      }
    }
    at = amp + 1;
  }
  return out;
}

/** Query parameters and patterns (basic auth, keys in paths) of a URI. */
export function scanUri(uri: string, ctx: TextContext): Hit[] {
  const q = uri.indexOf('?');
  let hits: Hit[] = [];
  if (q !== -1) {
    const hash = uri.indexOf('#', q);
    hits = scanPairs(uri, q + 1, hash === -1 ? uri.length : hash, 'query', ctx);
  }
  return hits.concat(scanPatterns(uri, ctx, hits, ''));
}

/** One header value, by the header's rule (if any), then patterns and, for URLs, query parameters. */
export function scanHeaderValue(
  value: string,
  rule: HeaderRule | undefined,
  ctx: TextContext,
  headerName: string,
): Hit[] {
  let hits: Hit[] = [];
  if (rule !== undefined && wanted(rule, ctx)) {
    const target: Target = { kind: 'header', name: headerName };
    if (rule.value === 'cookie' || rule.value === 'set-cookie') {
      hits = scanCookies(value, rule, ctx, target);
    } else if (!notSecret(value, ctx)) {
      let start = 0;
      if (rule.value === 'auth') {
        const scheme = /^([A-Za-z][A-Za-z0-9_-]*)\s+(?=\S)/.exec(value);
        if (scheme !== null) start = scheme[0].length;
      }
      hits = [
        {
          rule,
          start,
          end: value.length,
          secret: value.slice(start),
          where: '',
          target,
          encode: raw,
        },
      ];
    }
  }
  if (/^https?:\/\//i.test(value)) {
    const q = value.indexOf('?');
    if (q !== -1) hits = hits.concat(scanPairs(value, q + 1, value.length, 'query', ctx));
  }
  return hits.concat(scanPatterns(value, ctx, hits, ''));
}

/** `a=1; session=abc` (Cookie) or `session=abc; Path=/; HttpOnly` (Set-Cookie). */
function scanCookies(value: string, rule: HeaderRule, ctx: TextContext, target: Target): Hit[] {
  if (notSecret(value, ctx)) return [];
  const out: Hit[] = [];
  if (!value.includes('=')) {
    return [{ rule, start: 0, end: value.length, secret: value, where: 'cookie', target, encode: raw }];
  }
  let at = 0;
  while (at < value.length) {
    let semi = value.indexOf(';', at);
    if (semi === -1) semi = value.length;
    const eq = value.indexOf('=', at);
    if (eq !== -1 && eq < semi) {
      const name = value.slice(at, eq).trim();
      let start = eq + 1;
      let end = semi;
      while (start < end && value[start] === ' ') start += 1;
      while (end > start && value[end - 1] === ' ') end -= 1;
      if (value[start] === '"' && value[end - 1] === '"' && end - start >= 2) {
        start += 1;
        end -= 1;
      }
      const secret = value.slice(start, end);
      if (!ctx.benignCookies.has(name.toLowerCase()) && !notSecret(secret, ctx) && secret.length > 0) {
        out.push({ rule, start, end, secret, where: `cookie: ${name}`, target, encode: raw });
      }
    }
    if (rule.value === 'set-cookie') break; // the rest are attributes (Path, Expires, ...)
    at = semi + 1;
  }
  return out;
}

// Keys worth parsing a JSON body for, followed by a string value. A body without one is not parsed.
const JSON_PREFILTER = /(?:passw|secret|token|api[-_]?key|assertion|private[-_]?key)[^"\\]{0,24}"\s*:\s*"/i;

/** A body's text by the rules that fit it: JSON fields, form fields, then patterns everywhere. */
export function scanBodyText(text: string, contentType: string, ctx: TextContext): Hit[] {
  let hits: Hit[] = [];
  const ct = contentType.toLowerCase();
  const first = firstNonSpace(text);
  if ((first === '{' || first === '[' || ct.includes('json')) && JSON_PREFILTER.test(text)) {
    hits = scanJsonFields(text, ctx);
  } else if (ct.includes('x-www-form-urlencoded') || (ct === '' && FORM.test(text))) {
    hits = scanPairs(text, 0, text.length, 'form', ctx);
  }
  return hits.concat(scanPatterns(text, ctx, hits, 'text'));
}

const FORM = /^[A-Za-z0-9_.%*-]+=[^\s&]*(?:&[A-Za-z0-9_.%*-]+=[^\s&]*)*$/;

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length && i < 1024; i += 1) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return text[i]!;
  }
  return '';
}

class NotJson extends Error {}

/** String members of a JSON text whose keys are field rules, with their paths (`$.data[0].api_key`). */
export function scanJsonFields(text: string, ctx: TextContext): Hit[] {
  const out: Hit[] = [];
  const path: (string | number)[] = [];
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i += 1;
      else break;
    }
  };
  /** Index of the closing quote of the string that opens at `i`. */
  const stringEnd = (open: number): number => {
    let at = open + 1;
    for (;;) {
      const q = text.indexOf('"', at);
      if (q === -1) throw new NotJson();
      let slashes = 0;
      for (let k = q - 1; k > open && text.charCodeAt(k) === 0x5c; k -= 1) slashes += 1;
      if (slashes % 2 === 0) return q;
      at = q + 1;
    }
  };
  const value = (depth: number): void => {
    if (depth > 500) throw new NotJson();
    ws();
    const c = text[i];
    if (c === '{') {
      i += 1;
      ws();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new NotJson();
        const keyEnd = stringEnd(i);
        const key = JSON.parse(text.slice(i, keyEnd + 1)) as string;
        i = keyEnd + 1;
        ws();
        if (text[i] !== ':') throw new NotJson();
        i += 1;
        ws();
        const rule: NamedRule | undefined = text[i] === '"' ? FIELD_RULES.get(normalizeKey(key)) : undefined;
        if (rule !== undefined && wanted(rule, ctx)) {
          const end = stringEnd(i);
          const secret = JSON.parse(text.slice(i, end + 1)) as string;
          if (!notSecret(secret, ctx)) {
            out.push({
              rule,
              start: i + 1,
              end,
              secret,
              where: `json: ${jsonPath([...path, key])}`,
              target: { kind: 'field', name: key },
              encode: jsonEncode,
            });
          }
          i = end + 1;
        } else {
          path.push(key);
          value(depth + 1);
          path.pop();
        }
        ws();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === '}') {
          i += 1;
          return;
        }
        throw new NotJson();
      }
    }
    if (c === '[') {
      i += 1;
      ws();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      for (let index = 0; ; index += 1) {
        path.push(index);
        value(depth + 1);
        path.pop();
        ws();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === ']') {
          i += 1;
          return;
        }
        throw new NotJson();
      }
    }
    if (c === '"') {
      i = stringEnd(i) + 1;
      return;
    }
    // true, false, null or a number.
    if (c === undefined || !'tfn-0123456789'.includes(c)) throw new NotJson();
    while (i < n && !',]} \n\r\t'.includes(text[i]!)) i += 1;
  };
  try {
    value(0);
    ws();
    // Line-delimited JSON (streamed responses) is a sequence of documents.
    while (i < n && (text[i] === '{' || text[i] === '[')) {
      value(0);
      ws();
    }
    return out;
  } catch (error) {
    if (!(error instanceof NotJson) && !(error instanceof SyntaxError)) throw error;
    // Not JSON after all (or JSON inside SSE lines): fall back to `"key": "value"` pairs anywhere.
    return scanJsonLike(text, ctx);
  }
}

const JSON_PAIR = /"((?:[^"\\]|\\.){1,64})"\s*:\s*"((?:[^"\\]|\\.)*)"/g;

function scanJsonLike(text: string, ctx: TextContext): Hit[] {
  const out: Hit[] = [];
  JSON_PAIR.lastIndex = 0;
  for (let m = JSON_PAIR.exec(text); m !== null; m = JSON_PAIR.exec(text)) {
    let key: string;
    let secret: string;
    try {
      key = JSON.parse(`"${m[1]}"`) as string;
      secret = JSON.parse(`"${m[2]}"`) as string;
    } catch {
      continue;
    }
    const rule = FIELD_RULES.get(normalizeKey(key));
    if (rule === undefined || !wanted(rule, ctx) || notSecret(secret, ctx)) continue;
    const end = m.index + m[0].length - 1;
    const start = end - m[2]!.length;
    out.push({
      rule,
      start,
      end,
      secret,
      where: `json: $..${key}`,
      target: { kind: 'field', name: key },
      encode: jsonEncode,
    });
  }
  return out;
}

function jsonPath(path: readonly (string | number)[]): string {
  let out = '$';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) out += `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** `text` with each hit's span replaced by its placeholder (hits do not overlap). */
export function applyHits(text: string, hits: readonly Hit[], placeholderFor: (hit: Hit) => string): string {
  const sorted = [...hits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const hit of sorted) {
    if (hit.start < at) continue;
    out += text.slice(at, hit.start) + hit.encode(placeholderFor(hit));
    at = hit.end;
  }
  return out + text.slice(at);
}
