/**
 * Every go-vcr cassette of the corpus (fixtures/corpus/go-vcr) loads; those of format version 2
 * (go-vcr v3/v4, yaml.v3) re-dump byte for byte with dumpGoVcr.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dumpGoVcr } from '../../src/yamlv3/index.js';
import { loadGoVcrYaml } from '../../src/yamlv3/load.js';
import { goVcrFiles } from './corpus-files.js';

describe('go-vcr corpus', () => {
  const files = goVcrFiles().map((path) => {
    const text = readFileSync(path, 'utf8');
    return { path, text, data: loadGoVcrYaml(text, { cassette: path }) };
  });

  it('loads every cassette, of both format versions', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    const versions = new Set(files.map((f) => f.data.version));
    expect([...versions].sort()).toEqual([1, 2]);
    for (const f of files) expect(Array.isArray(f.data.interactions), f.path).toBe(true);
  });

  it('re-dumps every version 2 cassette byte-identically', () => {
    const v2 = files.filter((f) => f.data.version === 2);
    expect(v2.length).toBeGreaterThanOrEqual(4);
    expect(v2.filter((f) => dumpGoVcr(f.data) !== f.text).map((f) => f.path)).toEqual([]);
  });
});
