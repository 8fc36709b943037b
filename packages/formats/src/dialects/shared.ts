import { STATUS_CODES } from 'node:http';
import {
  type Body,
  type CassetteData,
  field,
  type HeaderList,
  type InteractionData,
  type InteractionView,
  isBytes,
  isValueMap,
  setKey,
  type Value,
  type ValueMap,
} from '@cassettekit/core';

/** `{Name: [values]}`, the header shape of vcrpy, Ruby VCR, Betamax and go-vcr. */
export function headersToMap(headers: HeaderList): ValueMap {
  const out: ValueMap = {};
  for (const [name, values] of headers) {
    const existing = out[name];
    if (Array.isArray(existing)) existing.push(...values);
    else setKey(out, name, [...values]);
  }
  return out;
}

/** The interactions stored as a list under `key` of the document. */
export function listAt(data: CassetteData, key: string): InteractionData[] {
  const list = data[key];
  return Array.isArray(list) ? (list as InteractionData[]) : [];
}

/** A string read from a map, or undefined. */
export function text(value: Value | undefined, key: string): string | undefined {
  const found = field(value, key);
  return typeof found === 'string' ? found : undefined;
}

export function num(value: Value | undefined, key: string): number | null {
  const found = field(value, key);
  return typeof found === 'number' ? found : null;
}

/** The standard reason phrase of a status code (`OK`), or an empty string. */
export function reasonPhrase(code: number | null): string {
  return code === null ? '' : (STATUS_CODES[code] ?? '');
}

/** Text when the bytes are UTF-8, else the bytes. */
export function textIfUtf8(bytes: Uint8Array): string | Uint8Array {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes;
  }
}

export function bytesOf(body: Body): Uint8Array {
  if (body === null) return new Uint8Array();
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

/** Ruby VCR's and Betamax's body: `{encoding, string}` or `{encoding, base64_string}`. */
export function encodedBody(body: Value | undefined): Body {
  if (typeof body === 'string' || isBytes(body)) return body;
  if (!isValueMap(body)) return null;
  const plain = body.string;
  if (typeof plain === 'string' || isBytes(plain)) return plain;
  const base64 = body.base64_string;
  if (typeof base64 === 'string') return new Uint8Array(Buffer.from(base64, 'base64'));
  return null;
}

/** Notes for what a target without recorded-at times or HTTP versions drops. */
export function droppedViewFields(
  views: readonly InteractionView[],
  target: string,
  has: { recordedAt: boolean; httpVersion: boolean },
): string[] {
  const notes: string[] = [];
  if (!has.recordedAt && views.some((v) => v.recordedAt !== undefined))
    notes.push(`recording times (${target} has none)`);
  if (!has.httpVersion && views.some((v) => v.httpVersion !== undefined))
    notes.push(`HTTP versions (${target} has none)`);
  return notes;
}

/** Keys of `map` outside `known`, as dotted paths under `prefix`. */
export function extraKeys(map: Value | undefined, known: readonly string[], prefix: string): string[] {
  if (!isValueMap(map)) return [];
  return Object.keys(map)
    .filter((key) => !known.includes(key))
    .map((key) => `${prefix}${key}`);
}

/** The first `limit` of a list of notes, then how many more. */
export function summarize(label: string, keys: readonly string[]): string[] {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return [];
  const shown = unique.slice(0, 4).join(', ');
  return [`${label}: ${shown}${unique.length > 4 ? `, and ${unique.length - 4} more` : ''}`];
}

/** Milliseconds since the epoch of a recorded time (ISO without a zone is UTC), or NaN. */
export function parseTime(recorded: string | undefined): number {
  if (recorded === undefined) return Number.NaN;
  const iso = /^\d{4}-\d\d-\d\dT[\d:.]+$/.test(recorded);
  return Date.parse(iso ? `${recorded}Z` : recorded);
}
