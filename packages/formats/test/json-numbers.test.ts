import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PyFloat } from '@cassettekit/core';
import { describe, expect, it } from 'vitest';
import { mayNeedProtection, protectNumbers } from '../src/codec/json-numbers.js';
import { decodeJson, jsonCodec, yamlCodec } from '../src/index.js';
import { FIXTURES } from './dialects/fixtures.js';
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

const corpusJson = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
  .filter((rel) => rel.endsWith('.json') || rel.endsWith('.har'))
  .sort();

/** The pre-check on valid JSON: the text and what JSON.parse made of it. */
const mayNeed = (text: string) => mayNeedProtection(text, JSON.parse(text));
/** True when the exact scan protects some number of `text`. */
const scanProtects = (text: string) => protectNumbers(text).marker !== null;

describe('a cheap pre-check skips the exact number scan only where it cannot matter', () => {
  const parsable = CASES.filter((text) => {
    try {
      return JSON.parse(text) !== undefined;
    } catch {
      return false; // NaN / Infinity: JSON.parse refuses them, and the exact scan always runs
    }
  });

  it.each(parsable.map((text) => [text] as const))(
    'golden case %s: skipped only when the scan protects nothing',
    (text) => {
      expect(mayNeed(text) || !scanProtects(text)).toBe(true);
    },
  );

  it.each(corpusJson)('corpus %s: skipped only when the scan protects nothing', (rel) => {
    const text = readFileSync(join(FIXTURES, rel), 'utf8');
    expect(mayNeed(text) || !scanProtects(text)).toBe(true);
  });

  it.each([
    ['an integral float', '{"n": 1.0}'],
    ['an integral float with an exponent', '{"n": [2, 2.5e3]}'],
    ['an exponent without a fraction', '{"n":[\n 1E2]}'],
    ['a float beyond 2^53', '{"n": 1e+20}'],
    ['an integer above 2^53', '{"n":9007199254740993}'],
    ['negative zero', '{"n": [\n  -0\n]}'],
    ['negative zero as a float', '{"n": -0.0}'],
    ['a document that is a number', '100.0'],
  ])('sends %s to the exact scan', (_, text) => {
    expect(mayNeed(text)).toBe(true);
    expect(scanProtects(text)).toBe(true);
  });

  it.each([
    ['fractions that stay fractions', '{"interactions": [{"t": 2.5, "u": [0.1, 1e-5]}]}'],
    ['versions and big numbers inside strings', '{"v": "HTTP/1.1 1.0 99999999999999999", "w": "x1e5"}'],
    ['a header value with digits and E', '{"X-Github-Request-Id": ["4B413AB6:1E8C:31A8684"]}'],
    ['safe integers', '{"status": 200, "n": [-1, 9007199254740991]}'],
  ])('skips the scan for %s', (_, text) => {
    expect(mayNeed(text)).toBe(false);
    expect(scanProtects(text)).toBe(false);
  });

  it('a suspect inside a string costs the exact scan, which protects nothing there', () => {
    const text = '{"body": "{\\"a\\": 1.0}"}';
    expect(mayNeed(text)).toBe(true);
    expect(protectNumbers(text)).toEqual({ text, marker: null });
  });

  it('decodes the same data through either path', () => {
    // 2.5 alone is skipped; with 1.0 beside it the scan runs: both read as Python does.
    expect(decodeJson('{"interactions": [], "n": [2.5, 3]}').data.n).toEqual([2.5, 3]);
    expect(decodeJson('{"interactions": [], "n": [2.5, 3, 1.0]}').data.n).toEqual([2.5, 3, new PyFloat(1)]);
  });
});
