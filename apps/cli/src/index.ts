export type { VerifyReport } from './commands/verify.js';
export { verifyStores } from './commands/verify.js';
export type { MigratedItem, MigrateOptions, MigrateSummary } from './lib/migrate.js';
export { migrateStores } from './lib/migrate.js';
export { run } from './program.js';
export { registry } from './registry.js';
