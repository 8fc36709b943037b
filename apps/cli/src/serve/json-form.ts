import { isValueMap, toTaggedJson, type Value, type ValueMap } from '@cassettekit/core';

/**
 * The text of `JSON.stringify(toTaggedJson(value))`, written in one pass: no tagged copy of the
 * document is built, and base64 (which never needs escaping) is not scanned again by JSON.stringify.
 * This is what `GET ?format=json` spends its time on, once per cassette a client loads.
 */
export function taggedJsonText(value: Value): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) return 'null';
  if (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)) return String(value);
  if (value instanceof Uint8Array) {
    const base64 = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    return `{"$bytes":"${base64}"}`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    let text = `[${taggedJsonText(value[0] as Value)}`;
    for (let i = 1; i < value.length; i++) text += `,${taggedJsonText(value[i] as Value)}`;
    return `${text}]`;
  }
  if (isValueMap(value)) return mapText(value);
  // A bigint, NaN, an infinity, -0 or a PyFloat: rare, so core tags them.
  return JSON.stringify(toTaggedJson(value));
}

function mapText(map: ValueMap): string {
  let text = '{';
  let dollar = false;
  for (const key of Object.keys(map)) {
    if (key.startsWith('$')) dollar = true;
    text += `${text.length === 1 ? '' : ','}${JSON.stringify(key)}:${taggedJsonText(map[key] as Value)}`;
  }
  text += '}';
  // A map whose own keys start with `$` is wrapped, so that data is never read back as a tag.
  return dollar ? `{"$map":${text}}` : text;
}
