import type { BlobReader } from './blobs.js';
import type { Session } from './session.js';
import { type ReadStatements, recordsChecksum } from './statements.js';
import type { StoreCheckReport, StoreProblem } from './types.js';

/**
 * The whole-file check behind `cassette check`: SQLite's own `PRAGMA integrity_check`, every stored
 * value against its CRC (also values no cassette reads), and every cassette's rows against their
 * checksum. Damage is reported, by cassette where one is concerned, never repaired.
 */
export function createChecker(
  session: Session,
  statements: ReadStatements,
  blobs: BlobReader,
): () => Promise<StoreCheckReport> {
  const { db } = session;
  const values = db.prepare<
    [],
    { id: number; kind: number; raw_size: number; block: number; offset: number; crc: number | null }
  >('SELECT id, kind, raw_size, block, offset, crc FROM bodies ORDER BY block, offset');
  const users = db.prepare<[{ id: number }], { name: string }>(
    `SELECT name FROM cassettes WHERE doc = @id OR original = @id
     UNION SELECT c.name FROM interactions i JOIN cassettes c ON c.id = i.cassette_id
       WHERE i.request_body = @id OR i.response_body = @id OR i.content_body = @id`,
  );
  const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

  return async () => {
    session.ensureOpen();
    return session.snapshot('check', () => {
      const problems: StoreProblem[] = [];
      const seen = new Set<string>();
      const damaged = (cassette: string | null, text: string): void => {
        const key = `${cassette}\u0000${text}`;
        if (seen.has(key)) return;
        seen.add(key);
        problems.push({ cassette, message: text });
      };

      for (const row of db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]) {
        if (row.integrity_check !== 'ok') damaged(null, `SQLite integrity check: ${row.integrity_check}`);
      }

      const badValues: number[] = [];
      for (const v of values.iterate()) {
        try {
          if (v.crc === null) throw new Error('a value has no CRC: it was damaged before version 4');
          const at = { kind: v.kind, block: v.block, offset: v.offset, size: v.raw_size, crc: v.crc };
          blobs.value(at, blobs.fetch([at]));
        } catch (error) {
          if ((error as { code?: unknown })?.code?.toString().startsWith('SQLITE_')) throw error;
          badValues.push(v.id);
          const names = users.all({ id: v.id }).map((u) => u.name);
          if (names.length === 0) damaged(null, `a value no cassette uses is damaged: ${message(error)}`);
          for (const name of names) damaged(name, message(error));
        }
      }

      let checked = 0;
      for (const { name } of statements.names.all()) {
        checked += 1;
        const row = statements.cassette.get(name);
        if (row === undefined) {
          damaged(name, 'its row or the index of names is damaged');
          continue;
        }
        const interactions = statements.interactions.all(row.id);
        if (row.checksum === null || !recordsChecksum(name, row, interactions).equals(row.checksum)) {
          damaged(name, 'its rows do not match their checksum');
        }
      }
      return { checked, problems };
    });
  };
}
