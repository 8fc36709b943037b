/**
 * The emitter's fast paths against PyYAML on the edges they decide on (goldens/edge-cases.json,
 * made by scripts/pyyaml-edge-goldens.py): the one-pass double-quoted writer without allow_unicode
 * (folding at 80, 40 and 20 columns, escapes next to fold points, a space protected after a fold,
 * non-ASCII and astral escapes, lone surrogates), the analysis that stops at a line break followed
 * by a space, empty strings, strings that resolve to other types, keys that need quotes, binary.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dumpPyYaml, UnencodableStringError, type YamlStyle } from '../../src/pyyaml/index.js';
import { decodeValue, type Tagged } from './codec.js';

interface Case {
  name: string;
  in: Tagged;
  out: Record<string, string | { $error: string }>;
}

const CASES = JSON.parse(
  readFileSync(fileURLToPath(new URL('./goldens/edge-cases.json', import.meta.url)), 'utf8'),
) as Case[];

function styleOf(id: string): YamlStyle {
  const [dumper, width, charset] = id.split('-');
  return {
    dumper: dumper === 'libyaml' ? 'libyaml' : 'pyyaml',
    width: Number(width?.slice(1)),
    unicode: charset === 'unicode',
    flow: 'block',
  };
}

describe('PyYAML emitter, fast-path edges', () => {
  it('has cases that reach the edges (folds, protected spaces, escapes, errors)', () => {
    const outputs = CASES.flatMap((c) => Object.values(c.out)).filter((o) => typeof o === 'string');
    expect(outputs.some((o) => /\n +\\ /.test(o))).toBe(true); // a space protected after a fold
    expect(outputs.some((o) => o.includes('\\U0001F600'))).toBe(true);
    expect(outputs.some((o) => o.includes("string: '"))).toBe(true);
    expect(CASES.some((c) => Object.values(c.out).some((o) => typeof o !== 'string'))).toBe(true);
  });

  for (const c of CASES) {
    it(c.name, () => {
      const value = decodeValue(c.in);
      for (const [id, expected] of Object.entries(c.out)) {
        const style = styleOf(id);
        if (typeof expected === 'string') {
          expect(dumpPyYaml(value, style), id).toBe(expected);
        } else {
          expect(expected.$error).toBe('UnicodeEncodeError');
          expect(() => dumpPyYaml(value, style), id).toThrow(UnencodableStringError);
        }
      }
    });
  }
});
