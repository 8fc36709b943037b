import { resetMoto } from '@cassettekit/store-test-suite/s3-server';
import { beforeAll, inject } from 'vitest';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Stores opened from URLs use the standard credential chain: give it test credentials (moto takes any).
process.env.AWS_ACCESS_KEY_ID ??= 'testing';
process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';

// Every test file starts with an empty server (files run one at a time: see vitest.config.ts).
beforeAll(async () => {
  if (inject('s3Owned')) await resetMoto(inject('s3Endpoint'));
});
