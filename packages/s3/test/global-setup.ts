// The S3 server for the run comes from the kit, shared with apps/cli's end-to-end tests.
export { setup, teardown } from '@cassettekit/store-test-suite/s3-global-setup';
