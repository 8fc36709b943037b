import { describe, expect, it } from 'vitest';
import { codecFor } from '../../src/index.js';
import { allFixtures, fixturesOf } from './fixtures.js';

describe('every real cassette of every tool', () => {
  it.each(allFixtures().map((f) => [f.rel, f] as const))('%s is written back byte for byte', (_rel, f) => {
    const codec = codecFor(f.codec);
    expect(codec.encode(codec.decode(f.text)) === f.text).toBe(true);
  });
});

describe("the tools' own writers, reproduced from the data alone", () => {
  const cases = [
    ...fixturesOf('har'),
    ...fixturesOf('betamax'),
    ...fixturesOf('ruby-vcr').filter((f) => f.codec === 'json'),
    ...fixturesOf('nock').filter((f) => f.rel.startsWith('nock__nock/')),
  ];
  // Edited after the tool wrote it (a non-ASCII character escaped by hand): only the original text holds it.
  const editedByHand = ['List-Integrations-returns-Successful-Response-response'];

  it.each(cases.map((f) => [f.rel, f] as const))('%s', (rel, f) => {
    const codec = codecFor(f.codec);
    const { data } = codec.decode(f.text);
    const style = codec.detectStyle(f.text, data);
    if (editedByHand.some((part) => rel.includes(part))) {
      expect(style).toBeNull();
      return;
    }
    expect(style).not.toBeNull();
    expect(codec.encode({ data, format: { style: style! } }) === f.text).toBe(true);
  });
});
