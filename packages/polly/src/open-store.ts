import { type CassetteStore, createStoreRegistry, memoryDriver, type StoreRegistry } from '@cassettekit/core';

/** The stores a recording can live in; each package is imported on first use of its scheme. */
export const registry: StoreRegistry = createStoreRegistry([
  {
    schemes: ['polly', 'yaml', 'json'],
    load: async () => {
      const { pollyDriver, yamlDriver, jsonDriver } = await import('@cassettekit/yaml');
      return [pollyDriver, yamlDriver, jsonDriver];
    },
  },
  { schemes: ['sqlite'], load: async () => (await import('@cassettekit/sqlite')).sqliteDriver },
  { schemes: ['s3'], load: async () => (await import('@cassettekit/s3')).s3Driver },
  memoryDriver,
]);

const opened = new Map<string, Promise<CassetteStore>>();

/**
 * One open store per URL and folder for the whole process: every Polly instance of a test run shares
 * it (a SQLite file is opened once, not once per test).
 */
export function openStore(url: string, cwd = process.cwd()): Promise<CassetteStore> {
  const key = `${cwd}\0${url}`;
  let store = opened.get(key);
  if (store === undefined) {
    store = registry.open(url, { cwd, create: true });
    opened.set(key, store);
    store.catch(() => opened.delete(key));
  }
  return store;
}
