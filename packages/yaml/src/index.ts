export { jsonDriver, yamlDriver } from './driver.js';
export { writeFileAtomic } from './store/atomic-write.js';
export type { FileStoreOptions } from './store/file-store.js';
export { createFileStore, versionOf } from './store/file-store.js';
