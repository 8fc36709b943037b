/**
 * The tagged JSON encoding shared with `scripts/pyyaml-oracle.py` and the golden files. JSON has no
 * bytes, big ints or integral floats, so those are one-key objects (`$bytes`, `$int`, `$float`); a
 * real mapping with a key starting with `$` is wrapped in `$map`. Lone surrogates travel as JSON
 * `\udXXX` escapes, which both JSON.stringify and Python's json produce and read.
 */
import { Buffer } from 'node:buffer';
import { PyFloat, setKey, type Value, type ValueMap } from '@cassettekit/core';

export type Tagged = null | boolean | number | string | Tagged[] | { [key: string]: Tagged };

type Container = Value[] | ValueMap;

function isContainer(v: Value): v is Container {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !(v instanceof PyFloat);
}

/** Containers reachable twice: written once as `{"$def": [id, value]}`, then as `{"$ref": id}`. */
function sharedContainers(root: Value): Set<Container> {
  const seen = new Set<Container>();
  const shared = new Set<Container>();
  const visit = (v: Value): void => {
    if (!isContainer(v)) return;
    if (seen.has(v)) {
      shared.add(v);
      return;
    }
    seen.add(v);
    for (const x of Array.isArray(v) ? v : Object.values(v)) visit(x);
  };
  visit(root);
  return shared;
}

export function encodeValue(root: Value): Tagged {
  const shared = sharedContainers(root);
  const ids = new Map<Container, number>();
  const enc = (v: Value): Tagged => {
    if (shared.size > 0 && isContainer(v) && shared.has(v)) {
      const id = ids.get(v);
      if (id !== undefined) return { $ref: id };
      ids.set(v, ids.size);
      return { $def: [ids.size - 1, encodeOne(v, enc)] };
    }
    return encodeOne(v, enc);
  };
  return enc(root);
}

function encodeOne(v: Value, encodeValue: (v: Value) => Tagged): Tagged {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (Number.isInteger(v))
      return Number.isSafeInteger(v) ? (Object.is(v, -0) ? 0 : v) : { $int: BigInt(v).toString() };
    return Number.isFinite(v) ? v : { $float: String(v) };
  }
  if (typeof v === 'bigint') return { $int: v.toString() };
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('base64') };
  if (v instanceof PyFloat) return { $float: Object.is(v.value, -0) ? '-0.0' : String(v.value) };
  if (Array.isArray(v)) return v.map(encodeValue);
  const out: { [key: string]: Tagged } = {};
  let dollar = false;
  for (const k of Object.keys(v)) {
    if (k.startsWith('$')) dollar = true;
    Object.defineProperty(out, k, { value: encodeValue(v[k] as Value), enumerable: true, writable: true });
  }
  return dollar ? { $map: out } : out;
}

export function decodeValue(root: Tagged): Value {
  const defs = new Map<number, Value>();
  const decodeValue = (t: Tagged): Value => decodeOne(t, decodeValue, defs);
  return decodeValue(root);
}

function decodeOne(t: Tagged, decodeValue: (t: Tagged) => Value, defs: Map<number, Value>): Value {
  if (t === null || typeof t !== 'object') return t;
  if (Array.isArray(t)) return t.map(decodeValue);
  const keys = Object.keys(t);
  if (keys.length === 1) {
    const k = keys[0] as string;
    const x = t[k] as Tagged;
    if (k === '$bytes') return new Uint8Array(Buffer.from(x as string, 'base64'));
    if (k === '$int') {
      const b = BigInt(x as string);
      return Number.isSafeInteger(Number(b)) ? Number(b) : b;
    }
    if (k === '$float') {
      const f = Number(x as string);
      return Number.isInteger(f) ? new PyFloat(f) : f;
    }
    if (k === '$map') return decodeMap(x as { [key: string]: Tagged }, decodeValue);
    if (k === '$ref') return defs.get(x as number) as Value;
    if (k === '$def') {
      const [id, body] = x as [number, Tagged];
      const v = decodeValue(body);
      defs.set(id, v);
      return v;
    }
  }
  return decodeMap(t, decodeValue);
}

function decodeMap(t: { [key: string]: Tagged }, decodeValue: (t: Tagged) => Value): ValueMap {
  const out: ValueMap = {};
  for (const k of Object.keys(t)) setKey(out, k, decodeValue(t[k] as Tagged));
  return out;
}
