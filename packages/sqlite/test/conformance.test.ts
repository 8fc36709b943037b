import { join } from 'node:path';
import { storeConformanceSuite } from '@cassettekit/store-test-suite';
import { createSqliteStore } from '../src/index.js';
import { sqliteBackdoor, tempDir } from './support/backdoor.js';

// The shared contract, checked through a back door that reads the tables with its own connection.
storeConformanceSuite('sqlite', async () => {
  const tmp = tempDir();
  const path = join(tmp.dir, 'cassettes.db');
  const store = await createSqliteStore({ path, create: true });
  const backdoor = sqliteBackdoor(path);
  return {
    store,
    reopen: () => createSqliteStore({ path }),
    backdoor,
    cleanup: async () => {
      await store.close();
      backdoor.close();
      tmp.remove();
    },
  };
});
