import { createStoreRegistry, memoryDriver, type StoreRegistry } from '@cassette/core';
import { sqliteDriver } from '@cassette/sqlite';
import { jsonDriver, yamlDriver } from '@cassette/yaml';

/** Every backend the command knows, by URL scheme. */
export const registry: StoreRegistry = createStoreRegistry([
  yamlDriver,
  jsonDriver,
  sqliteDriver,
  memoryDriver,
]);
