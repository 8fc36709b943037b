import { createStoreRegistry, memoryDriver, type StoreRegistry } from '@cassettekit/core';

/**
 * Every backend the command knows, by URL scheme. Each store package owns its driver (description,
 * example, how its URL opens): the command only names the schemes a package serves and imports the
 * package on first use, so a folder store never loads SQLite's native module or the AWS SDK.
 */
export const registry: StoreRegistry = createStoreRegistry([
  {
    schemes: ['yaml', 'json'],
    load: async () => {
      const { yamlDriver, jsonDriver } = await import('@cassettekit/yaml');
      return [yamlDriver, jsonDriver];
    },
  },
  { schemes: ['sqlite'], load: async () => (await import('@cassettekit/sqlite')).sqliteDriver },
  { schemes: ['s3'], load: async () => (await import('@cassettekit/s3')).s3Driver },
  memoryDriver,
]);

/** The "Store URLs" lines of `--help`: one per driver, its example and description. */
export async function storeUrlHelp(): Promise<string> {
  const drivers = await registry.drivers();
  return drivers.map((d) => `  ${d.example.padEnd(34)} ${d.description}`).join('\n');
}
