/**
 * Loads a vcrpy YAML file into the cassette value model with js-yaml 4, for the corpus test:
 * `!!binary` -> Uint8Array, integral floats -> PyFloat (so `1.0` does not come back as `1`), big
 * ints -> bigint, and vcrpy's legacy `!!python/unicode|str|tuple` tags read as plain data.
 */
import { PyFloat, type Value } from '@cassettekit/core';
import yaml from 'js-yaml';

// js-yaml 4 exports its built-in types as `types`; @types/js-yaml 4.0.9 does not declare them.
interface BuiltinType {
  resolve(data: string): boolean;
  construct(data: string): unknown;
}
const builtins = (
  yaml as unknown as { types: Record<'float' | 'int' | 'null' | 'bool' | 'binary', yaml.Type> }
).types;
const coreFloat = builtins.float as unknown as BuiltinType;
const coreInt = builtins.int as unknown as BuiltinType;

const float = new yaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string) => coreFloat.resolve(data),
  construct: (data: string): Value => {
    const n = coreFloat.construct(data) as number;
    return Number.isInteger(n) || Object.is(n, -0) ? new PyFloat(n) : n;
  },
  instanceOf: PyFloat,
});

const int = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string) => coreInt.resolve(data),
  construct: (data: string): Value => {
    const n = coreInt.construct(data) as number;
    if (Number.isSafeInteger(n)) return n;
    const clean = data.replace(/_/g, '');
    return /^[-+]?[0-9]+$/.test(clean) ? BigInt(clean) : n;
  },
});

const legacy = [
  new yaml.Type('tag:yaml.org,2002:python/unicode', {
    kind: 'scalar',
    construct: (d: string | null) => d ?? '',
  }),
  new yaml.Type('tag:yaml.org,2002:python/str', { kind: 'scalar', construct: (d: string | null) => d ?? '' }),
  new yaml.Type('tag:yaml.org,2002:python/tuple', {
    kind: 'sequence',
    construct: (d: Value[] | null) => d ?? [],
  }),
];

const SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [builtins.null, builtins.bool, int, float],
  explicit: [builtins.binary, ...legacy],
});

export function loadYamlValue(text: string): Value {
  return yaml.load(text, { schema: SCHEMA }) as Value;
}
