import { type Hit, notSecret, type TextContext, urlEncode, wanted } from './hits.js';
import { PARAM_RULES } from './rules.js';
import { scanPatterns } from './token-patterns.js';

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
