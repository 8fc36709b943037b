export type { HarDocument } from './har-cassette.js';
export { cassetteToHar, harToCassette } from './har-cassette.js';
export { registry as pollyStoreRegistry } from './open-store.js';
export type { CassettePersisterOptions } from './persister.js';
export { CassettePersister } from './persister.js';
