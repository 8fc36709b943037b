import { brotliDecompressSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import { PACK_TARGET, planBlocks } from './pack.js';
import { type BodyKind, decodeValue, type ValueRow, valueCrc, valueHash, valueRow } from './rows.js';

/**
 * Version 1 -> 2: every value moves into packed blocks, and the documents and original texts become
 * values. Runs inside the opening transaction: a kill leaves the version 1 database as it was.
 *
 * The old tables are renamed away (references between them follow), the new ones created with the
 * exact text of SCHEMA_V2, the rows copied cassette by cassette (ids kept: interactions keep
 * pointing at the same bodies), values packed in the order they were first used, then the old
 * tables dropped. Memory stays at about one block plus one cassette.
 */
export function migrateToV2(db: Database.Database, schemaV2: string): void {
  for (const index of [
    'interactions_fingerprint',
    'interactions_uri',
    'interactions_host',
    'interactions_status',
  ]) {
    db.exec(`DROP INDEX ${index}`);
  }
  db.exec('ALTER TABLE interactions RENAME TO v1_interactions');
  db.exec('ALTER TABLE cassettes RENAME TO v1_cassettes');
  db.exec('ALTER TABLE bodies RENAME TO v1_bodies');
  db.exec(schemaV2);

  const oldCassettes = db.prepare<
    [],
    {
      id: number;
      name: string;
      revision: number;
      updated_at: number;
      doc: Buffer;
      doc_encoding: number;
      style: string | null;
      original_codec: string | null;
      original_digest: string | null;
      original: Buffer | null;
      interaction_count: number;
      raw_bytes: number;
    }
  >(
    `SELECT id, name, revision, updated_at, doc, doc_encoding, style, original_codec, original_digest, original,
       interaction_count, raw_bytes FROM v1_cassettes ORDER BY id`,
  );
  const oldBodyIds = db.prepare<
    [number],
    { request_body: number | null; response_body: number | null; content_body: number | null }
  >(
    'SELECT request_body, response_body, content_body FROM v1_interactions WHERE cassette_id = ? ORDER BY position',
  );
  const oldBody = db.prepare<[number], { hash: Buffer; kind: number; encoding: number; data: Buffer }>(
    'SELECT hash, kind, encoding, data FROM v1_bodies WHERE id = ?',
  );
  const insertBody = db.prepare(
    'INSERT INTO bodies (id, hash, kind, raw_size, refs, block, offset) VALUES (?, ?, ?, ?, 0, 0, 0)',
  );
  const insertCassette = db.prepare(
    `INSERT INTO cassettes (id, name, revision, updated_at, doc, style, original_codec, original_digest, original,
       interaction_count, stored_bytes, raw_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
  );
  const insertBlock = db.prepare<[number, number, number, Buffer], { id: number }>(
    'INSERT INTO blocks (encoding, raw_size, live_size, data) VALUES (?, ?, ?, ?) RETURNING id',
  );
  const place = db.prepare('UPDATE bodies SET block = ?, offset = ? WHERE id = ?');
  const findHash = db.prepare<[Buffer], { id: number }>('SELECT id FROM bodies WHERE hash = ?');
  const findOldHash = db.prepare<[Buffer], { id: number }>('SELECT id FROM v1_bodies WHERE hash = ?');

  // Values wait here until a block's worth is gathered. Rows are inserted at once (block 0, placed
  // when the block is written): foreign keys are checked at commit (defer_foreign_keys).
  db.pragma('defer_foreign_keys = ON');
  let pending: (ValueRow & { id: number })[] = [];
  let pendingBytes = 0;
  const flush = (): void => {
    for (const b of planBlocks(pending)) {
      const live = b.items.reduce((n, i) => n + i.item.raw.length, 0);
      const block = insertBlock.get(b.encoding, b.rawSize, live, b.data)!.id;
      for (const { item, offset } of b.items) place.run(block, offset, item.id);
    }
    pending = [];
    pendingBytes = 0;
  };
  const add = (id: number, value: ValueRow): void => {
    insertBody.run(id, value.hash, value.kind, value.raw.length);
    pending.push({ ...value, id });
    pendingBytes += value.raw.length;
  };
  const moved = new Set<number>();
  let nextId = (db.prepare('SELECT coalesce(max(id), 0) AS n FROM v1_bodies').get() as { n: number }).n;
  /**
   * A document or original text as a value: an existing one with the same bytes (a version 1 body
   * keeps its id, so that no later body collides with it), or a new one.
   */
  const addText = (text: string | Uint8Array): number => {
    // version 2 keys values by their whole SHA-256, as version 1 did (version 4 shortens them)
    const short = valueRow(text);
    const value = { ...short, hash: valueHash(short.kind, short.raw) };
    const found = findHash.get(value.hash);
    if (found !== undefined) return found.id;
    const old = findOldHash.get(value.hash);
    if (old !== undefined) {
      moved.add(old.id);
      add(old.id, value);
      return old.id;
    }
    nextId += 1;
    add(nextId, value);
    return nextId;
  };
  const cassetteIds: number[] = [];
  for (const c of oldCassettes.all()) {
    for (const i of oldBodyIds.all(c.id)) {
      for (const id of [i.request_body, i.response_body, i.content_body]) {
        if (id === null) continue;
        if (moved.has(id)) continue;
        moved.add(id);
        const b = oldBody.get(id)!;
        const raw = decodeV1(b.encoding, b.data);
        add(id, { hash: b.hash, kind: b.kind as BodyKind, raw, crc: valueCrc(b.kind, raw) });
      }
    }
    const doc = addText(decodeV1(c.doc_encoding, c.doc).toString('utf8'));
    let original: number | null = null;
    if (c.original !== null) {
      // version 1: a kind byte, an encoding byte, the bytes
      original = addText(decodeValue(c.original[0]!, decodeV1(c.original[1]!, c.original.subarray(2))));
    }
    insertCassette.run(
      c.id,
      c.name,
      c.revision,
      c.updated_at,
      doc,
      c.style,
      c.original_codec,
      c.original_digest,
      original,
      c.interaction_count,
      c.raw_bytes,
    );
    cassetteIds.push(c.id);
    if (pendingBytes >= PACK_TARGET) flush();
  }
  flush();
  db.exec('INSERT INTO interactions SELECT * FROM v1_interactions');
  // References: interaction slots, documents, original texts.
  db.exec(`UPDATE bodies SET refs = r.n FROM (
      SELECT id, count(*) AS n FROM (
        SELECT request_body AS id FROM interactions UNION ALL SELECT response_body FROM interactions
        UNION ALL SELECT content_body FROM interactions UNION ALL SELECT doc FROM cassettes
        UNION ALL SELECT original FROM cassettes
      ) WHERE id IS NOT NULL GROUP BY id
    ) AS r WHERE bodies.id = r.id`);
  const ofCassette = db.prepare<[{ id: number }], { id: number }>(
    `SELECT request_body AS id FROM interactions WHERE cassette_id = @id AND request_body IS NOT NULL
     UNION SELECT response_body FROM interactions WHERE cassette_id = @id AND response_body IS NOT NULL
     UNION SELECT content_body FROM interactions WHERE cassette_id = @id AND content_body IS NOT NULL
     UNION SELECT doc FROM cassettes WHERE id = @id UNION SELECT original FROM cassettes WHERE id = @id AND original IS NOT NULL`,
  );
  const share = db.prepare<[number], { size: number; stored: number; raw: number }>(
    `SELECT b.raw_size AS size, length(k.data) AS stored, k.raw_size AS raw
     FROM bodies b JOIN blocks k ON k.id = b.block WHERE b.id = ?`,
  );
  const setStored = db.prepare('UPDATE cassettes SET stored_bytes = ? WHERE id = ?');
  for (const id of cassetteIds) {
    // each value's share of its block's stored bytes (inlined: the blob writer knows later schemas)
    let stored = 0;
    for (const { id: value } of ofCassette.all({ id })) {
      const r = share.get(value);
      if (r !== undefined && r.raw > 0) stored += (r.size * r.stored) / r.raw;
    }
    setStored.run(Math.round(stored), id);
  }
  db.exec('DROP TABLE v1_interactions');
  db.exec('DROP TABLE v1_cassettes');
  db.exec('DROP TABLE v1_bodies');
}

function decodeV1(encoding: number, data: Buffer): Buffer {
  if (encoding === 0) return data;
  if (encoding === 1) return brotliDecompressSync(data);
  throw new Error(`unknown version 1 encoding ${encoding}`);
}
