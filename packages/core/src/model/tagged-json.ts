import { PyFloat, setKey, type Value, type ValueMap } from './value.js';

/**
 * A JSON form of {@link Value} that keeps what plain JSON loses, for stores that keep documents as
 * JSON (SQLite rows, metadata, `show --json`). Tags are one-key objects:
 * `{"$bytes": base64}`, `{"$float": "1.0"}`, `{"$int": "123456789012345678901"}`, and `{"$map": {...}}`
 * for a map whose own keys start with `$` (so real data can never be mistaken for a tag).
 */
export type TaggedJson = string | number | boolean | null | TaggedJson[] | { [key: string]: TaggedJson };

export function toTaggedJson(value: Value): TaggedJson {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'number') {
    return Number.isFinite(value) && !Object.is(value, -0) ? value : { $float: floatText(value) };
  }
  if (typeof value === 'bigint') return { $int: value.toString() };
  if (value instanceof Uint8Array)
    return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (value instanceof PyFloat) return { $float: floatText(value.value) };
  if (Array.isArray(value)) return value.map(toTaggedJson);
  const out: { [key: string]: TaggedJson } = {};
  let needsWrap = false;
  for (const key of Object.keys(value)) {
    if (key.startsWith('$')) needsWrap = true;
    defineKey(out, key, toTaggedJson(value[key] as Value));
  }
  return needsWrap ? { $map: out } : out;
}

export function fromTaggedJson(json: TaggedJson): Value {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) return json.map(fromTaggedJson);
  const keys = Object.keys(json);
  if (keys.length === 1) {
    const tag = keys[0]!;
    const inner = json[tag]!;
    if (tag === '$bytes' && typeof inner === 'string') return new Uint8Array(Buffer.from(inner, 'base64'));
    if (tag === '$float' && typeof inner === 'string') return parseFloatText(inner);
    if (tag === '$int' && typeof inner === 'string') return BigInt(inner);
    if (tag === '$map' && typeof inner === 'object' && inner !== null && !Array.isArray(inner))
      return mapOf(inner);
  }
  return mapOf(json);
}

function mapOf(json: { [key: string]: TaggedJson }): ValueMap {
  const out: ValueMap = {};
  for (const key of Object.keys(json)) setKey(out, key, fromTaggedJson(json[key]!));
  return out;
}

function defineKey(map: { [key: string]: TaggedJson }, key: string, value: TaggedJson): void {
  if (key === '__proto__')
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  else map[key] = value;
}

function floatText(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  return Object.is(value, -0) ? '-0.0' : String(value);
}

function parseFloatText(text: string): Value {
  const value =
    text === 'nan' ? Number.NaN : text === 'inf' ? Infinity : text === '-inf' ? -Infinity : Number(text);
  return Number.isInteger(value) || Object.is(value, -0) ? new PyFloat(value) : value;
}
