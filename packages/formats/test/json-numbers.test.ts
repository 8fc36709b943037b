import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PyFloat } from '@cassettekit/core';
import { describe, expect, it } from 'vitest';
import { decodeJson, jsonCodec, yamlCodec } from '../src/index.js';
import { oracleAvailable, PYTHON } from './pyyaml/oracle.js';

const here = (file: string) => fileURLToPath(new URL(`./json-numbers/${file}`, import.meta.url));
const CASES = JSON.parse(readFileSync(here('cases.json'), 'utf8')) as string[];
/** What PyYAML (CDumper) wrote for `json.loads(case)`, committed for machines without python3. */
const GOLDEN = JSON.parse(readFileSync(here('golden.json'), 'utf8')) as string[];

const toYaml = (text: string) => yamlCodec().encode({ data: decodeJson(text).data });

describe('JSON numbers are read as Python reads them', () => {
  it('a fraction or an exponent makes a float, even with an integral value', () => {
    const { data } = decodeJson('{"interactions": [], "n": [1e+20, 1.0, -0.0, 2.5, 3, -0]}');
    expect(data.n).toEqual([new PyFloat(1e20), new PyFloat(1), new PyFloat(-0), 2.5, 3, 0]);
    expect(Object.is((data.n as number[])[5], 0)).toBe(true);
  });

  it('integers above 2^53 keep every digit', () => {
    const { data } = decodeJson(
      '{"interactions": [], "n": [9007199254740993, -123456789012345678901234567890]}',
    );
    expect(data.n).toEqual([9007199254740993n, -123456789012345678901234567890n]);
  });

  it('NaN and Infinity, which json.dumps writes, are read back', () => {
    const { data } = decodeJson('{"interactions": [], "n": [NaN, Infinity, -Infinity]}');
    expect(data.n).toEqual([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  });

  it('leaves numbers inside strings alone, and no string can pass for a number', () => {
    const text =
      '{"interactions": [], "s": ["1.0", "1e+20 and 99999999999999999999", "\\u0000#x#1.0"], "n": 1.0}';
    expect(decodeJson(text).data.s).toEqual(['1.0', '1e+20 and 99999999999999999999', '\u0000#x#1.0']);
  });

  it('writes the same JSON back byte for byte once changed (json.dumps style)', () => {
    const text =
      '{\n    "interactions": [],\n    "n": [\n        1e+20,\n        1.0,\n        12345678901234567890\n    ]\n}\n';
    const { data } = decodeJson(text);
    expect(jsonCodec().encode({ data })).toBe(text);
  });

  it('still reports a syntax error where the original text has it', () => {
    expect(() => decodeJson('{"interactions": [], "n": 1.0,\n "x": }')).toThrow(/invalid JSON at line 2/);
  });
});

describe('JSON -> YAML equals what PyYAML writes for the same data', () => {
  it.each(CASES.map((text, i) => [i, text] as const))('case %i (committed golden)', (i, text) => {
    expect(toYaml(text)).toBe(GOLDEN[i]);
  });

  it.skipIf(!oracleAvailable())(
    'the golden is what python3 + PyYAML write today (skipped without python3, PyYAML 6 and libyaml)',
    () => {
      const run = spawnSync(PYTHON, [here('oracle.py')], { input: JSON.stringify(CASES), encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual(GOLDEN);
    },
  );
});
