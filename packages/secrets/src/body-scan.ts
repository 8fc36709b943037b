import { scanEncoded } from './encoded.js';
import type { Hit, TextContext } from './hits.js';
import { scanJsonFields } from './json-fields.js';
import { scanPairs } from './pairs.js';
import { scanPatterns } from './token-patterns.js';

// Keys worth parsing a JSON body for, followed by a string value. A body without one is not parsed.
const JSON_PREFILTER = /(?:passw|secret|token|api[-_]?key|assertion|private[-_]?key)[^"\\]{0,24}"\s*:\s*"/i;

/** A body's text by the rules that fit it: JSON fields, form fields, then patterns everywhere. */
export function scanBodyText(text: string, contentType: string, ctx: TextContext): Hit[] {
  let hits: Hit[] = [];
  const ct = contentType.toLowerCase();
  const first = firstNonSpace(text);
  if ((first === '{' || first === '[' || ct.includes('json')) && JSON_PREFILTER.test(text)) {
    hits = scanJsonFields(text, ctx);
  } else if (ct.includes('x-www-form-urlencoded') || looksLikeForm(text, ct)) {
    hits = scanPairs(text, 0, text.length, 'form', ctx);
  }
  hits = hits.concat(scanPatterns(text, ctx, hits, 'text'));
  return hits.concat(scanEncoded(text, ctx, hits));
}

/**
 * A form body is sniffed, not taken from the header: clients send `a=1&password=x` labelled JSON or
 * text. Without a Content-Type one pair is enough; against one, it takes two (`key=value` alone is
 * as likely plain text).
 */
function looksLikeForm(text: string, ct: string): boolean {
  return (ct === '' || text.includes('&')) && FORM.test(text);
}

const FORM = /^[A-Za-z0-9_.%*-]+=[^\s&]*(?:&[A-Za-z0-9_.%*-]+=[^\s&]*)*$/;

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length && i < 1024; i += 1) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return text[i]!;
  }
  return '';
}
