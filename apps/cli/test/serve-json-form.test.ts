import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromTaggedJson, PyFloat, type TaggedJson, toTaggedJson, type Value } from '@cassettekit/core';
import { codecFor } from '@cassettekit/formats';
import { describe, expect, it } from 'vitest';
import { taggedJsonText } from '../src/serve/json-form.js';
import { REPO } from './run-cli.js';

/** The one-pass writer must write exactly what core's tagged JSON, stringified, is. */
const reference = (value: Value) => JSON.stringify(toTaggedJson(value));

describe('the json form of `GET ?format=json` (taggedJsonText)', () => {
  it('writes every kind of value as core tags it: bytes, integral floats, -0, NaN, infinities, big ints', () => {
    const values: Value[] = [
      'text',
      'héllo ✓ 🎞 "quoted" \\ \n\t\u0000',
      '\ud800 a lone surrogate',
      '',
      0,
      -1.5,
      1e21,
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      new PyFloat(1),
      new PyFloat(-0),
      2n ** 70n,
      true,
      false,
      null,
      new Uint8Array([0, 1, 254, 255]),
      new Uint8Array(0),
      new Uint8Array([9, 8, 7, 6, 5]).subarray(1, 4),
      [],
      {},
      [[], {}, [null]],
    ];
    for (const value of values) expect(taggedJsonText(value)).toBe(reference(value));
  });

  it('wraps a map whose own keys start with $ in {"$map": ...}, so data is never read back as a tag', () => {
    const data: Value = {
      $bytes: 'not bytes',
      nested: { $float: '1.0', plain: 1 },
      list: [{ $int: '5' }, { a: { $map: {} } }],
    };
    const text = taggedJsonText(data);
    expect(text).toBe(reference(data));
    expect(text.startsWith('{"$map":{"$bytes":"not bytes"')).toBe(true);
    expect(fromTaggedJson(JSON.parse(text) as TaggedJson)).toEqual(data);
  });

  it('keeps keys in their order, numeric-looking keys and __proto__ included', () => {
    const data: Record<string, Value> = { b: 1, a: 2, '10': 3, '2': 4 };
    Object.defineProperty(data, '__proto__', {
      value: 'own',
      enumerable: true,
      writable: true,
      configurable: true,
    });
    expect(taggedJsonText(data)).toBe(reference(data));
    expect(taggedJsonText(data)).toContain('"__proto__":"own"');
  });

  it('writes every vcrpy cassette of the corpus exactly as core does', { timeout: 120_000 }, async () => {
    const folder = join(REPO, 'fixtures', 'corpus', 'vcrpy');
    const files = (await readdir(folder, { recursive: true })).filter((f) => /\.ya?ml$/.test(f)).sort();
    expect(files.length).toBeGreaterThan(50);
    let withBytes = 0;
    for (const file of files) {
      const text = await readFile(join(folder, file), 'utf8');
      let data: Value;
      try {
        data = codecFor('yaml').decode(text, { store: 'corpus', cassette: file }).data;
      } catch {
        continue; // what the codec refuses (Python tags) the server never holds
      }
      const written = taggedJsonText(data);
      expect(written, file).toBe(reference(data));
      if (written.includes('{"$bytes":"')) withBytes++;
    }
    expect(withBytes).toBeGreaterThan(0);
  });
});
