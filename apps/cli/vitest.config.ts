import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The end-to-end tests against S3 need a real S3 API: the kit's setup starts moto's server on
    // loopback (or uses CASSETTE_S3_ENDPOINT) and stops it after the run.
    globalSetup: [require.resolve('@cassettekit/store-test-suite/s3-global-setup')],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
