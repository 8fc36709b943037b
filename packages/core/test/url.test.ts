import { describe, expect, it } from 'vitest';
import {
  assertKnownParams,
  createStoreRegistry,
  isCassetteError,
  memoryDriver,
  parseStoreUrl,
} from '../src/index.js';

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

  it('refuses an option its driver does not know, naming it and the known ones', async () => {
    expect(() => assertKnownParams(parseStoreUrl('xy:z?mode=ro'), ['mode'])).not.toThrow();
    const error = (() => {
      try {
        assertKnownParams(parseStoreUrl('xy:z?mode=ro&foo=1'), ['mode', 'other']);
      } catch (e) {
        return e;
      }
    })();
    expect(isCassetteError(error, 'INVALID_URL')).toBe(true);
    expect((error as Error).message).toContain('unknown option "foo" in "xy:z?mode=ro&foo=1"');
    expect((error as Error).message).toContain('The options of xy: are mode, other');
    const memory = await createStoreRegistry([memoryDriver])
      .open('memory:?foo=1')
      .catch((e: unknown) => e);
    expect((memory as Error).message).toContain('memory: takes no options');
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

describe('a registry with lazy drivers', () => {
  it('loads a package only when one of its schemes is opened, once, and lists every driver on demand', async () => {
    let loads = 0;
    const registry = createStoreRegistry([
      memoryDriver,
      {
        schemes: ['mem2', 'mem3'],
        load: async () => {
          loads += 1;
          return [
            { ...memoryDriver, schemes: ['mem2'], example: 'mem2:' },
            { ...memoryDriver, schemes: ['mem3'], example: 'mem3:' },
          ];
        },
      },
    ]);
    expect(registry.schemes).toEqual(['memory', 'mem2', 'mem3']);
    await registry.open('memory:');
    expect(loads).toBe(0);
    expect((await registry.open('mem3:')).url).toBe('mem3:');
    await registry.open('mem2:');
    expect(loads).toBe(1);
    expect((await registry.drivers()).map((d) => d.example)).toEqual(['memory:', 'mem2:', 'mem3:']);
    expect(loads).toBe(1);
  });

  it('says so when a loaded package does not serve the scheme it was registered for', async () => {
    const registry = createStoreRegistry([{ schemes: ['nope'], load: async () => memoryDriver }]);
    const error = await registry.open('nope:').catch((e: unknown) => e);
    expect(isCassetteError(error, 'UNSUPPORTED'), String(error)).toBe(true);
  });
});
