export type { CassetteCodec, CodecName } from './codec.js';
export { codecFor } from './codec.js';
export { s3Driver } from './driver.js';
export { METADATA } from './objects.js';
export type { S3StoreOptions } from './options.js';
export type { S3Store } from './store.js';
export { createS3Store } from './store.js';
export { s3OptionsFromUrl } from './url.js';
