export { jsonDriver, yamlDriver } from './driver.js';
export { pollyDriver } from './polly-driver.js';
export { writeFileAtomic } from './store/atomic-write.js';
export type { FileLayout, FileStoreOptions } from './store/file-store.js';
export { createFileStore, versionOf } from './store/file-store.js';
export { recordingId } from './store/polly-layout.js';
