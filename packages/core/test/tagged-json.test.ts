import { describe, expect, it } from 'vitest';
import { contentDigest, fromTaggedJson, PyFloat, toTaggedJson, type ValueMap } from '../src/index.js';

describe('tagged JSON', () => {
  it('round-trips what plain JSON loses', () => {
    const value: ValueMap = {
      bytes: new Uint8Array([0, 255]),
      float: new PyFloat(1),
      negzero: new PyFloat(-0),
      inf: Infinity,
      nan: Number.NaN,
      big: 2n ** 70n,
      half: 0.5,
      dollar: { $bytes: 'not bytes', $x: 1 },
      list: [null, true, 'x'],
    };
    const text = JSON.stringify(toTaggedJson(value));
    const back = fromTaggedJson(JSON.parse(text)) as ValueMap;
    expect(contentDigest(back)).toBe(contentDigest(value));
    expect(back.dollar).toEqual({ $bytes: 'not bytes', $x: 1 });
  });

  it('keeps a __proto__ key as data', () => {
    const back = fromTaggedJson(JSON.parse('{"__proto__": {"polluted": true}}')) as ValueMap;
    expect(Object.keys(back)).toEqual(['__proto__']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
