export type { MigratedItem, MigrateOptions, MigrateSummary } from './lib/migrate.js';
export { migrateStores } from './lib/migrate.js';
export type { VerifyReport } from './lib/verify.js';
export { verifyStores } from './lib/verify.js';
export { run } from './program.js';
export { registry } from './registry.js';
