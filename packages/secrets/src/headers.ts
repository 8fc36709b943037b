import { type Hit, notSecret, raw, type Target, type TextContext, wanted } from './hits.js';
import { scanPairs } from './pairs.js';
import type { HeaderRule } from './rules.js';
import { scanPatterns } from './token-patterns.js';

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
