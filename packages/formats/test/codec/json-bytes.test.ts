import { describe, expect, it } from 'vitest';
import { decodeJson } from '../../src/index.js';

describe('JSON cassettes: {"!!binary": base64} is read back as bytes', () => {
  it('wherever it is nested, in maps and lists', () => {
    const text =
      '{"interactions": [{"request": {}, "response": {"body": {"string": {"!!binary": "AAEC/w=="}}}}], "l": [[{"!!binary": "YQ=="}]]}';
    const { data } = decodeJson(text);
    const interactions = data.interactions as { response: { body: { string: unknown } } }[];
    expect(interactions[0]!.response.body.string).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect((data.l as unknown[][])[0]![0]).toEqual(new Uint8Array([97]));
  });

  it('leaves the key alone in a string, or beside other keys', () => {
    const text =
      '{"interactions": [], "s": "{\\"!!binary\\": \\"YQ==\\"}", "m": {"!!binary": "YQ==", "x": 1}}';
    const { data } = decodeJson(text);
    expect(data.s).toBe('{"!!binary": "YQ=="}');
    expect(data.m).toEqual({ '!!binary': 'YQ==', x: 1 });
  });
});
