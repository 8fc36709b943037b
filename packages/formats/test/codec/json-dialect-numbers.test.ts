/**
 * JSON numbers are read as each dialect's tool reads them: Python (vcrpy, Betamax) and Ruby (Ruby VCR)
 * tell `1.0` from `1` and keep integers beyond 2^53; Polly (HAR) and nock read their files with
 * JSON.parse, so a HAR or nock document is read with JSON.parse alone (no scan of the text).
 */
import { PyFloat, type ValueMap } from '@cassettekit/core';
import { describe, expect, it } from 'vitest';
import { jsonCodec } from '../../src/index.js';

const codec = jsonCodec();
const decode = (text: string): ValueMap => codec.decode(text).data;

describe('JSON numbers, per dialect', () => {
  it('keeps floats, big integers and NaN apart in vcrpy and Betamax documents (Python reads them so)', () => {
    const vcrpy = decode(
      '{"interactions": [], "version": 1, "f": 1.0, "big": 12345678901234567890, "n": NaN}',
    );
    expect(vcrpy.f).toBeInstanceOf(PyFloat);
    expect(vcrpy.big).toBe(12345678901234567890n);
    expect(vcrpy.n).toBeNaN();
    const betamax = decode('{"http_interactions": [], "recorded_with": "betamax/0.8.1", "f": 2.0}');
    expect(betamax.f).toBeInstanceOf(PyFloat);
  });

  it('keeps them apart in Ruby VCR documents (Ruby reads them so)', () => {
    const ruby = decode('{"http_interactions": [], "recorded_with": "VCR 6.0.0", "f": 1.0, "i": 1}');
    expect(ruby.f).toBeInstanceOf(PyFloat);
    expect(ruby.i).toBe(1);
  });

  it('reads HAR and nock documents as JSON.parse does (Polly and nock read them so)', () => {
    const har = decode('{"log": {"entries": [], "f": 1.0, "big": 12345678901234567890}}');
    expect((har.log as ValueMap).f).toBe(1);
    expect((har.log as ValueMap).big).toBe(Number('12345678901234567890'));
    const nock = decode('[{"scope": "https://a.test", "method": "GET", "path": "/", "status": 200.0}]');
    expect(((nock.$list as ValueMap[])[0] as ValueMap).status).toBe(200);
  });
});
