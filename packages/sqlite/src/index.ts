export type { CodecLookup, TextCodec } from './format.js';
export { APPLICATION_ID, SCHEMA_VERSION } from './schema.js';
export type {
  CassetteStats,
  DatabaseStats,
  InteractionMatch,
  InteractionQuery,
  SqliteQueries,
  SqliteStore,
  SqliteStoreOptions,
} from './store.js';
export { createSqliteStore, sqliteDriver } from './store.js';
