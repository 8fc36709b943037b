export { sqliteDriver } from './driver.js';
export type { CodecLookup, TextCodec } from './format.js';
export { APPLICATION_ID, SCHEMA_VERSION } from './schema.js';
export { createSqliteStore } from './store.js';
export type {
  CassetteStats,
  DatabaseStats,
  InteractionMatch,
  InteractionQuery,
  SelfCheckingStore,
  SqliteQueries,
  SqliteStore,
  SqliteStoreOptions,
  StoreCheckReport,
  StoreProblem,
} from './types.js';
