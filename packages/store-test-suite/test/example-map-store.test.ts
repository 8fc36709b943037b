import { type CassetteData, createStoreRegistry, fromTaggedJson, type TaggedJson } from '@cassettekit/core';
import { describe, expect, it } from 'vitest';
import { createMapStore, mapDriver, type TextMap } from '../examples/map-store.js';
import { small, storeConformanceSuite } from '../src/index.js';

// The guide's example store runs the whole kit, like every real backend.
storeConformanceSuite('example map store', async () => {
  const texts: TextMap = new Map();
  const store = createMapStore({ texts });
  return {
    store,
    reopen: async (options) => createMapStore({ texts, readOnly: options?.readOnly ?? false }),
    backdoor: {
      // The map itself, decoded here: not through the store.
      read: async (name) => {
        const text = texts.get(name);
        return text === undefined ? null : (fromTaggedJson(JSON.parse(text) as TaggedJson) as CassetteData);
      },
      names: async () => [...texts.keys()],
      corrupt: async (name) => {
        texts.set(name, '{"interactions": [');
      },
    },
    cleanup: async () => store.close(),
  };
});

describe('example map store: registered by its driver', () => {
  it('opens map: URLs, one map per name, and honours readOnly', async () => {
    const registry = createStoreRegistry([mapDriver]);
    const a = await registry.open('map:guide');
    await a.put('agents/one', small('hello'));
    const again = await registry.open('map:guide', { readOnly: true });
    expect((await again.get('agents/one'))?.version).toBe((await a.get('agents/one'))?.version);
    await expect(again.delete('agents/one')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await (await registry.open('map:other')).get('agents/one')).toBeNull();
  });
});
