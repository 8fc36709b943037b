import { describe, expect, it } from 'vitest';
import { contentDigest, PyFloat, type ValueMap } from '../src/index.js';

describe('content digest', () => {
  it('ignores map key order (YAML sorts keys, JSON keeps them) but not list order', () => {
    expect(contentDigest({ a: 1, b: [1, 2] })).toBe(contentDigest({ b: [1, 2], a: 1 }));
    expect(contentDigest({ a: [1, 2] })).not.toBe(contentDigest({ a: [2, 1] }));
  });

  it('tells apart what Python tells apart: str/bytes, int/float, null/absent', () => {
    const values: ValueMap[] = [
      { v: 'ab' },
      { v: new Uint8Array([97, 98]) },
      { v: 1 },
      { v: new PyFloat(1) },
      { v: '1' },
      { v: true },
      { v: null },
      {},
      { v: [] },
      { v: {} },
      { v: 10n ** 30n },
    ];
    const digests = values.map((v) => contentDigest(v));
    expect(new Set(digests).size).toBe(digests.length);
  });

  it('keeps lone surrogates apart from the replacement character', () => {
    expect(contentDigest({ v: '\ud800' })).not.toBe(contentDigest({ v: '\ufffd' }));
  });

  it('is a sha256 token', () => {
    expect(contentDigest({})).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
