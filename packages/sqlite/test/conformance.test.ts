import { join } from 'node:path';
import { parseStoreUrl } from '@cassettekit/core';
import { storeConformanceSuite } from '@cassettekit/store-test-suite';
import { createSqliteStore, sqliteDriver } from '../src/index.js';
import { sqliteBackdoor, tempDir } from './support/backdoor.js';

// The shared contract, checked through a back door that reads the tables with its own connection.
storeConformanceSuite('sqlite', async () => {
  const tmp = tempDir();
  const path = join(tmp.dir, 'cassettes.db');
  const store = await createSqliteStore({ path, create: true });
  const backdoor = sqliteBackdoor(path);
  return {
    store,
    reopen: (options) =>
      sqliteDriver.open(parseStoreUrl(`sqlite:${path}`), { readOnly: options?.readOnly ?? false }),
    backdoor,
    cleanup: async () => {
      await store.close();
      backdoor.close();
      tmp.remove();
    },
  };
});
