export type { CassetteCodec, CodecName } from './codec.js';
export { codecFor } from './codec.js';
export type { S3Store, S3StoreOptions } from './store.js';
export { createS3Store, METADATA } from './store.js';
export { s3Driver, s3OptionsFromUrl } from './url.js';
