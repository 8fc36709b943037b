import { describe, expect, it } from 'vitest';
import { createStoreRegistry, isCassetteError, memoryDriver, parseStoreUrl } from '../src/index.js';

describe('store URLs', () => {
  it('splits scheme, location and query', () => {
    const url = parseStoreUrl('yaml:./tests/cassettes?style=pyyaml&width=inf');
    expect(url.scheme).toBe('yaml');
    expect(url.location).toBe('./tests/cassettes');
    expect(url.params.get('width')).toBe('inf');
    expect(parseStoreUrl('s3://bucket/prefix?region=eu-west-1').location).toBe('//bucket/prefix');
  });

  it('refuses what is not a URL, naming the examples', () => {
    expect(() => parseStoreUrl('./just/a/path')).toThrow(/yaml:\.\/tests\/cassettes/);
    expect(() => parseStoreUrl('C:\\x')).toThrow(/not a store URL/);
  });

  it('opens registered schemes and lists the known ones for an unknown scheme', async () => {
    const registry = createStoreRegistry([memoryDriver]);
    const store = await registry.open('memory:');
    expect(store.url).toBe('memory:');
    const error = await registry.open('ftp://x').catch((e: unknown) => e);
    expect(isCassetteError(error, 'INVALID_URL')).toBe(true);
    expect((error as Error).message).toContain('Known schemes: memory:');
  });
});
