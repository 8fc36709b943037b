import { type Cassette, type CassetteData, createMemorySpace, createMemoryStore } from '@cassettekit/core';
import { storeConformanceSuite } from '../src/index.js';

// The reference implementation runs the kit the way every backend does.
storeConformanceSuite('memory', async () => {
  const space = createMemorySpace();
  const store = createMemoryStore({ space });
  return {
    store,
    reopen: async (options) => createMemoryStore({ space, readOnly: options?.readOnly ?? false }),
    backdoor: {
      read: async (name) => (space.entries.get(name)?.cassette.data as CassetteData | undefined) ?? null,
      names: async () => [...space.entries.keys()],
      corrupt: async (name) => {
        const entry = space.entries.get(name)!;
        space.entries.set(name, { ...entry, cassette: { data: null } as unknown as Cassette });
      },
    },
    cleanup: async () => store.close(),
  };
});
