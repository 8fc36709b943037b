/**
 * The values a cassette document holds, as PyYAML or `json.loads` would hand them to vcrpy.
 *
 * Python distinguishes what JavaScript folds together, and a cassette must survive a round trip,
 * so the mapping is explicit:
 * - `str` -> `string` (lone surrogates allowed, as Python allows them)
 * - `bytes` -> `Uint8Array` (written as `!!binary` in YAML)
 * - `int` -> `number` when it is a safe integer, `bigint` otherwise
 * - `float` -> `number` when it is not integral (`1.5`, `NaN`, `Infinity`); a float with an integral
 *   value (`1.0`, `-0.0`, `1e20`) is a {@link PyFloat}, so that `1.0` does not come back as `1`
 * - `bool` -> `boolean`, `None` -> `null`
 * - `list`/`tuple` -> `Value[]`, `dict` with string keys -> {@link ValueMap} (insertion order kept)
 */
export type Value = string | number | bigint | boolean | null | Uint8Array | PyFloat | Value[] | ValueMap;

/** A mapping with string keys, in the order the document gave them. */
export interface ValueMap {
  [key: string]: Value;
}

/** A Python float whose value is integral (`1.0`): a plain `number` would read back as an int. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** Wraps a JavaScript number as the Python float it stands for (integral values need the wrapper). */
export function pyFloat(value: number): number | PyFloat {
  return Number.isInteger(value) || Object.is(value, -0) ? new PyFloat(value) : value;
}

export function isValueMap(value: Value | undefined): value is ValueMap {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof PyFloat)
  );
}

export function isBytes(value: Value | undefined): value is Uint8Array {
  return value instanceof Uint8Array;
}

/** A deep copy that keeps bytes as bytes and floats as floats (structuredClone would drop PyFloat). */
export function cloneValue<T extends Value>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  if (value instanceof Uint8Array) return new Uint8Array(value) as T;
  if (value instanceof PyFloat) return value;
  if (typeof value === 'object' && value !== null) {
    const out: ValueMap = {};
    for (const key of Object.keys(value)) setKey(out, key, cloneValue((value as ValueMap)[key] as Value));
    return out as T;
  }
  return value;
}

/**
 * Sets `map[key]` as an own, enumerable property. A plain assignment of `__proto__` would replace the
 * object's prototype instead: a hostile cassette must not be able to do that.
 */
export function setKey(map: ValueMap, key: string, value: Value): void {
  if (key === '__proto__') {
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    map[key] = value;
  }
}
