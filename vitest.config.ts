import { defineConfig } from 'vitest/config';

// `npx vitest` from the root runs every package with its own configuration (the S3 tests need the
// moto server their global setup starts). `npm test` runs them package by package through turbo.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
