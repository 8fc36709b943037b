import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Recording into s3:// needs a real S3 API: the s3 package's setup starts moto's server on
    // loopback (or uses CASSETTE_S3_ENDPOINT) and stops it after the run.
    globalSetup: ['../s3/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
