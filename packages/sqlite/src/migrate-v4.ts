import type Database from 'better-sqlite3';
import { v3Checksums } from './migrate-v3.js';
import { decodeBlock, OPEN_BLOCK } from './pack.js';
import { VALUE_KEY_BYTES, valueCrc, valueHash } from './rows.js';
import { readStatements, recordsChecksum } from './statements.js';

/**
 * Version 3 -> 4: reads check a CRC-32 instead of SHA-256 (see rows.ts `valueCrc`, checksum.ts),
 * blocks may be pending (raw bytes of an open block, compressed later) and are 1 MB (see pack.ts).
 * Adds `bodies.crc`, redefines `blocks.open`, shortens `bodies.hash` (the dedup key) to 16 bytes and
 * recomputes `cassettes.checksum`. Damage found now stays damage: a value whose
 * bytes do not match its SHA-256 gets no CRC, and a cassette whose rows do not match their version 3
 * checksum gets none either, so reading either is an error naming the cassette, as before.
 * Runs inside the opening transaction, one block in memory at a time. It uses the current
 * statements: it is the last migration; a later one that changes those columns must inline its SQL.
 */
export function migrateToV4(db: Database.Database): void {
  db.exec('ALTER TABLE bodies ADD COLUMN crc INTEGER');
  // Blocks of 1 MB (PACK_TARGET): the old 512 KB blocks become open, and merges repack them as
  // writes come (each write at most MERGE_MAX_BYTES), compressing better.
  db.exec('DROP INDEX blocks_open');
  db.exec('ALTER TABLE blocks DROP COLUMN open');
  db.exec(`ALTER TABLE blocks ADD COLUMN open INTEGER GENERATED ALWAYS AS (${OPEN_BLOCK}) VIRTUAL`);
  db.exec('CREATE INDEX blocks_open ON blocks (open, id, live_size)');
  const block = db.prepare<[number], { encoding: number; raw_size: number; data: Buffer }>(
    'SELECT encoding, raw_size, data FROM blocks WHERE id = ?',
  );
  const values = db.prepare<
    [number],
    { id: number; kind: number; offset: number; raw_size: number; hash: Buffer }
  >('SELECT id, kind, offset, raw_size, hash FROM bodies WHERE block = ?');
  const setCrc = db.prepare('UPDATE bodies SET crc = ? WHERE id = ?');
  const blockIds = db.prepare<[], { id: number }>('SELECT id FROM blocks ORDER BY id').all();
  for (const { id } of blockIds) {
    let bytes: Buffer;
    try {
      const row = block.get(id)!;
      bytes = decodeBlock(row.encoding, row.data, row.raw_size);
    } catch {
      continue; // a damaged block: its values keep no CRC
    }
    for (const v of values.all(id)) {
      if (v.offset + v.raw_size > bytes.length) continue;
      const raw = bytes.subarray(v.offset, v.offset + v.raw_size);
      if (valueHash(v.kind, raw).equals(v.hash)) setCrc.run(valueCrc(v.kind, raw), v.id);
    }
  }

  // Rows checked against their version 3 checksum, which covers the whole SHA-256 of each value.
  const v3 = v3Checksums(db);
  const cassettes = db
    .prepare<[], { id: number; name: string; checksum: Buffer | null }>(
      'SELECT id, name, checksum FROM cassettes ORDER BY id',
    )
    .all()
    .map((c) => ({ ...c, sound: c.checksum !== null && v3(c.id)?.equals(c.checksum) === true }));

  // The dedup key: the first bytes of the SHA-256 (see rows.ts valueKey), checked above while whole.
  db.prepare('UPDATE bodies SET hash = substr(hash, 1, ?)').run(VALUE_KEY_BYTES);

  const statements = readStatements(db);
  const update = db.prepare('UPDATE cassettes SET checksum = ? WHERE id = ?');
  for (const c of cassettes) {
    const row = c.sound ? statements.cassette.get(c.name) : undefined;
    update.run(
      row === undefined ? null : recordsChecksum(c.name, row, statements.interactions.all(row.id)),
      c.id,
    );
  }
}
