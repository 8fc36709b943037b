import { createHash } from 'node:crypto';
import type { CassetteData } from './cassette.js';
import { PyFloat, type Value } from './value.js';

/**
 * The content digest: SHA-256 over a canonical encoding of the document, equal for the same cassette
 * in every backend and every style. Map keys are sorted (YAML sorts them, JSON keeps them as written:
 * both are the same cassette); str and bytes, int and float stay distinct.
 */
export function contentDigest(data: CassetteData): string {
  const parts: string[] = [];
  encode(data, parts);
  return `sha256:${createHash('sha256').update(parts.join('')).digest('hex')}`;
}

/** Digest of a single value (e.g. one interaction), with the same encoding. */
export function valueDigest(value: Value): string {
  const parts: string[] = [];
  encode(value, parts);
  return createHash('sha256').update(parts.join('')).digest('hex');
}

// Each kind has its own leading character, so no two different values share an encoding.
// JSON.stringify escapes lone surrogates, so the UTF-8 of the result is lossless.
function encode(value: Value, out: string[]): void {
  if (typeof value === 'string') out.push(JSON.stringify(value));
  else if (typeof value === 'number') {
    out.push(Number.isInteger(value) && !Object.is(value, -0) ? `i${value};` : `f${floatText(value)};`);
  } else if (typeof value === 'bigint') out.push(`i${value};`);
  else if (typeof value === 'boolean') out.push(value ? 'T' : 'F');
  else if (value === null) out.push('N');
  else if (value instanceof Uint8Array) out.push(`b${Buffer.from(value).toString('base64')};`);
  else if (value instanceof PyFloat) out.push(`f${floatText(value.value)};`);
  else if (Array.isArray(value)) {
    out.push('[');
    for (const item of value) encode(item, out);
    out.push(']');
  } else {
    out.push('{');
    for (const key of Object.keys(value).sort()) {
      out.push(JSON.stringify(key), ':');
      encode(value[key] as Value, out);
    }
    out.push('}');
  }
}

function floatText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}
