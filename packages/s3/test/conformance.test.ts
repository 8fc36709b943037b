import { storeConformanceSuite } from '@cassettekit/store-test-suite';
import { afterAll, beforeAll } from 'vitest';
import { createBucket, emptyPrefix, openStore, plainClient, s3Backdoor, uniqueName } from './helpers.js';

const client = plainClient();
let bucket: string;
beforeAll(async () => {
  bucket = await createBucket(client, 'conformance');
});
afterAll(() => client.destroy());

for (const variant of [
  // PyYAML sorts mapping keys (vcrpy's yaml.dump), JSON keeps their order.
  { label: 's3 (yaml)', options: {}, keyOrder: 'sorted' as const },
  {
    label: 's3 (json, gzip)',
    options: { format: 'json', compress: 'gzip' } as const,
    keyOrder: 'kept' as const,
  },
]) {
  storeConformanceSuite(
    variant.label,
    async () => {
      const prefix = `${uniqueName('run')}/cassettes`;
      const store = await openStore({ bucket, prefix, ...variant.options });
      return {
        store,
        reopen: (options) =>
          openStore({ bucket, prefix, ...variant.options, readOnly: options?.readOnly ?? false }),
        backdoor: s3Backdoor(client, store),
        cleanup: async () => {
          await store.close();
          await emptyPrefix(client, bucket, store.prefix);
        },
      };
    },
    { timeout: 60_000, keyOrder: variant.keyOrder },
  );
}
