import type Database from 'better-sqlite3';
import { readStatements, recordsChecksum } from './statements.js';

/**
 * Version 2 -> 3: `cassettes.checksum`, the checksum of each cassette's rows (see checksum.ts),
 * computed from the rows as they are. Runs inside the opening transaction. It uses the current
 * statements: it is the last migration; a later one that changes those columns must inline its SQL.
 */
export function migrateToV3(db: Database.Database): void {
  db.exec('ALTER TABLE cassettes ADD COLUMN checksum BLOB');
  const statements = readStatements(db);
  const update = db.prepare('UPDATE cassettes SET checksum = ? WHERE id = ?');
  const names = db.prepare<[], { name: string }>('SELECT name FROM cassettes ORDER BY id').all();
  for (const { name } of names) {
    const row = statements.cassette.get(name)!;
    update.run(recordsChecksum(name, row, statements.interactions.all(row.id)), row.id);
  }
}
