import { interactionsOf, requestMethod, requestUri, responseStatus } from '@cassettekit/core';
import { describe, expect, it } from 'vitest';
import { codecFor, dialectOf } from '../../src/index.js';
import { allFixtures, VCRPY_SAMPLES } from './fixtures.js';

describe('dialect detection, from the document', () => {
  it.each(allFixtures().map((f) => [f.rel, f] as const))('%s', (_rel, fixture) => {
    const cassette = codecFor(fixture.codec).decode(fixture.text);
    expect(dialectOf(cassette).name).toBe(fixture.dialect);
    // Every interaction reads through the view: a method, an absolute URL, a status.
    const interactions = interactionsOf(cassette.data);
    for (const interaction of interactions) {
      expect(requestMethod(interaction)).toMatch(/^[A-Za-z]+$/);
      expect(requestUri(interaction)).not.toBe('');
      expect(responseStatus(interaction).code).toBeGreaterThanOrEqual(100);
    }
  });

  it('reads vcrpy cassettes as vcrpy', () => {
    for (const sample of VCRPY_SAMPLES) {
      expect(dialectOf(codecFor(sample.codec).decode(sample.text)).name, sample.rel).toBe('vcrpy');
    }
  });

  it('names the dialect a style carries over what an empty document shows', () => {
    const cassette = { data: {}, format: { style: { codec: 'json', dialect: 'har' } } };
    expect(dialectOf(cassette).name).toBe('har');
    expect(dialectOf({ data: { log: { entries: [] } } }).name).toBe('har');
  });

  it('reads a file extension-blind: a HAR document in a .json file is HAR', () => {
    const text = JSON.stringify({ log: { entries: [], version: '1.2' } });
    expect(dialectOf(codecFor('json').decode(text)).name).toBe('har');
  });
});
