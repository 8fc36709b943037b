import type Database from 'better-sqlite3';
import { type BlobWriter, blobWriter, type ValueLocation } from './blobs.js';
import { rowsChecksum, type ValueCheck } from './checksum.js';
import type { BodySlot } from './rows.js';

/** The SQL of the store and the rows it answers; prepared once per connection. */

/** A cassette row with where its document and original text are (null: a missing row, or no original). */
export interface CassetteRecord {
  id: number;
  revision: number;
  style: string | null;
  original_codec: string | null;
  original_digest: string | null;
  doc_id: number | null;
  doc_kind: number | null;
  doc_block: number | null;
  doc_offset: number | null;
  doc_size: number | null;
  original_id: number | null;
  original_kind: number | null;
  original_block: number | null;
  original_offset: number | null;
  original_size: number | null;
  doc_crc: number | null;
  original_crc: number | null;
  /** See checksum.ts; null in a row written outside this package or found damaged by a migration. */
  checksum: Buffer | null;
}

/** One interaction row with where its bodies are, slot by slot. */
export interface InteractionRecord {
  position: number;
  method: string;
  uri: string;
  host: string | null;
  status: number | null;
  fingerprint: string;
  request_id: number | null;
  request_kind: number | null;
  request_block: number | null;
  request_offset: number | null;
  request_size: number | null;
  response_id: number | null;
  response_kind: number | null;
  response_block: number | null;
  response_offset: number | null;
  response_size: number | null;
  content_id: number | null;
  content_kind: number | null;
  content_block: number | null;
  content_offset: number | null;
  content_size: number | null;
  request_crc: number | null;
  response_crc: number | null;
  content_crc: number | null;
}

export interface ListRecord {
  name: string;
  revision: number;
  stored_bytes: number;
  raw_bytes: number;
  updated_at: number;
  interaction_count: number;
}

export const SLOTS: readonly BodySlot[] = ['request', 'response', 'content'];

export const versionToken = (revision: number): string => `r${revision}`;

function location(
  kind: number | null,
  block: number | null,
  offset: number | null,
  size: number | null,
  crc: number | null,
): ValueLocation | null {
  // a value without its CRC (a migration found it damaged) is no value: the read fails
  return kind === null || block === null || offset === null || size === null || crc === null
    ? null
    : { kind, block, offset, size, crc };
}

export const documentLocation = (r: CassetteRecord): ValueLocation | null =>
  location(r.doc_kind, r.doc_block, r.doc_offset, r.doc_size, r.doc_crc);

export const originalLocation = (r: CassetteRecord): ValueLocation | null =>
  location(r.original_kind, r.original_block, r.original_offset, r.original_size, r.original_crc);

export function slotLocation(r: InteractionRecord, slot: BodySlot): ValueLocation | null {
  return slot === 'request'
    ? location(r.request_kind, r.request_block, r.request_offset, r.request_size, r.request_crc)
    : slot === 'response'
      ? location(r.response_kind, r.response_block, r.response_offset, r.response_size, r.response_crc)
      : location(r.content_kind, r.content_block, r.content_offset, r.content_size, r.content_crc);
}

/** The checksum of the rows as read (compare with `cassettes.checksum`). */
export function recordsChecksum(
  name: string,
  cassette: CassetteRecord,
  interactions: readonly InteractionRecord[],
): Buffer {
  const check = (crc: number | null, size: number | null): ValueCheck | null =>
    crc === null && size === null ? null : { crc, size };
  return rowsChecksum(
    {
      name,
      revision: cassette.revision,
      style: cassette.style,
      originalCodec: cassette.original_codec,
      originalDigest: cassette.original_digest,
      doc: check(cassette.doc_crc, cassette.doc_size),
      original: check(cassette.original_crc, cassette.original_size),
    },
    interactions.map((i) => ({
      position: i.position,
      method: i.method,
      uri: i.uri,
      host: i.host,
      status: i.status,
      fingerprint: i.fingerprint,
      request: check(i.request_crc, i.request_size),
      response: check(i.response_crc, i.response_size),
      content: check(i.content_crc, i.content_size),
    })),
  );
}

export function slotValueId(r: InteractionRecord, slot: BodySlot): number | null {
  return slot === 'request' ? r.request_id : slot === 'response' ? r.response_id : r.content_id;
}

const value = (alias: string, prefix: string) =>
  `${alias}.id AS ${prefix}_id, ${alias}.kind AS ${prefix}_kind, ${alias}.block AS ${prefix}_block,
   ${alias}.offset AS ${prefix}_offset, ${alias}.raw_size AS ${prefix}_size, ${alias}.crc AS ${prefix}_crc`;

const CASSETTE_COLUMNS = `
SELECT c.id AS id, c.revision AS revision, c.style AS style, c.original_codec AS original_codec,
  c.original_digest AS original_digest, c.checksum AS checksum, ${value('d', 'doc')}, ${value('o', 'original')}
`;
const CASSETTE_VALUES = `
LEFT JOIN bodies d ON d.id = c.doc
LEFT JOIN bodies o ON o.id = c.original
WHERE c.name = ?`;

const LOAD_INTERACTIONS = `
SELECT i.position AS position, i.method AS method, i.uri AS uri, i.host AS host, i.status AS status,
  i.fingerprint AS fingerprint, ${value('rb', 'request')}, ${value('sb', 'response')}, ${value('cb', 'content')}
FROM interactions i
LEFT JOIN bodies rb ON rb.id = i.request_body
LEFT JOIN bodies sb ON sb.id = i.response_body
LEFT JOIN bodies cb ON cb.id = i.content_body`;

type Statement<P extends unknown[], R = unknown> = Database.Statement<P, R>;

/**
 * A statement whose rows become records: SQLite hands the columns over as an array (raw mode) and a
 * fixed-shape object is built here. better-sqlite3 builds a row object property by property, which
 * for the 24 columns of an interaction row took more time than the query (2x on a load of every
 * cassette).
 */
export interface Records<P extends unknown[], R> {
  get(...params: P): R | undefined;
  all(...params: P): R[];
}

function records<P extends unknown[], R>(
  statement: Statement<P, unknown[]>,
  toRecord: (row: unknown[]) => R,
): Records<P, R> {
  statement.raw(true);
  return {
    get: (...params) => {
      const row = statement.get(...params);
      return row === undefined ? undefined : toRecord(row);
    },
    all: (...params) => statement.all(...params).map(toRecord),
  };
}

type Cell = number | null;
/** Columns of CASSETTE_COLUMNS, in order. */
const toCassette = (r: unknown[]): CassetteRecord => ({
  id: r[0] as number,
  revision: r[1] as number,
  style: r[2] as string | null,
  original_codec: r[3] as string | null,
  original_digest: r[4] as string | null,
  checksum: r[5] as Buffer | null,
  doc_id: r[6] as Cell,
  doc_kind: r[7] as Cell,
  doc_block: r[8] as Cell,
  doc_offset: r[9] as Cell,
  doc_size: r[10] as Cell,
  doc_crc: r[11] as Cell,
  original_id: r[12] as Cell,
  original_kind: r[13] as Cell,
  original_block: r[14] as Cell,
  original_offset: r[15] as Cell,
  original_size: r[16] as Cell,
  original_crc: r[17] as Cell,
});
/** Columns of LOAD_INTERACTIONS, in order. */
const toInteraction = (r: unknown[]): InteractionRecord => ({
  position: r[0] as number,
  method: r[1] as string,
  uri: r[2] as string,
  host: r[3] as string | null,
  status: r[4] as number | null,
  fingerprint: r[5] as string,
  request_id: r[6] as Cell,
  request_kind: r[7] as Cell,
  request_block: r[8] as Cell,
  request_offset: r[9] as Cell,
  request_size: r[10] as Cell,
  request_crc: r[11] as Cell,
  response_id: r[12] as Cell,
  response_kind: r[13] as Cell,
  response_block: r[14] as Cell,
  response_offset: r[15] as Cell,
  response_size: r[16] as Cell,
  response_crc: r[17] as Cell,
  content_id: r[18] as Cell,
  content_kind: r[19] as Cell,
  content_block: r[20] as Cell,
  content_offset: r[21] as Cell,
  content_size: r[22] as Cell,
  content_crc: r[23] as Cell,
});

export interface ReadStatements {
  readonly cassette: Records<[string], CassetteRecord>;
  /** Every name, read from the table without its index: tells a missing cassette from a damaged row or index. */
  readonly names: Statement<[], { name: string }>;
  readonly interactions: Records<[number], InteractionRecord>;
  readonly interaction: Records<[number, number], InteractionRecord>;
  readonly list: Statement<[], ListRecord>;
  readonly bodyRefs: Statement<
    [number],
    { request_body: number | null; response_body: number | null; content_body: number | null }
  >;
  readonly docRefs: Statement<[number], { doc: number; original: number | null }>;
  readonly hasValue: Statement<[Buffer], { id: number }>;
}

/** What reads use; valid on a read-only connection. */
export function readStatements(db: Database.Database): ReadStatements {
  return {
    cassette: records(
      db.prepare<[string], unknown[]>(`${CASSETTE_COLUMNS} FROM cassettes c ${CASSETTE_VALUES}`),
      toCassette,
    ),
    names: db.prepare<[], { name: string }>('SELECT name FROM cassettes NOT INDEXED'),
    interactions: records(
      db.prepare<[number], unknown[]>(`${LOAD_INTERACTIONS} WHERE i.cassette_id = ? ORDER BY i.position`),
      toInteraction,
    ),
    interaction: records(
      db.prepare<[number, number], unknown[]>(
        `${LOAD_INTERACTIONS} WHERE i.cassette_id = ? AND i.position = ?`,
      ),
      toInteraction,
    ),
    list: db.prepare<[], ListRecord>(
      'SELECT name, revision, stored_bytes, raw_bytes, updated_at, interaction_count FROM cassettes',
    ),
    bodyRefs: db.prepare<
      [number],
      { request_body: number | null; response_body: number | null; content_body: number | null }
    >('SELECT request_body, response_body, content_body FROM interactions WHERE cassette_id = ?'),
    docRefs: db.prepare<[number], { doc: number; original: number | null }>(
      'SELECT doc, original FROM cassettes WHERE id = ?',
    ),
    hasValue: db.prepare<[Buffer], { id: number }>('SELECT id FROM bodies WHERE hash = ?'),
  };
}

export interface WriteStatements {
  readonly head: Statement<[string], { id: number; revision: number }>;
  readonly bump: Statement<[], { value: number }>;
  readonly insertCassette: Statement<unknown[], { id: number }>;
  readonly updateCassette: Statement<unknown[]>;
  readonly deleteCassette: Statement<unknown[]>;
  /** The packed values: references, new blocks, merges. */
  readonly values: BlobWriter;
  readonly deleteInteractions: Statement<unknown[]>;
  readonly insertInteraction: Statement<unknown[]>;
}

/** What writes use; cannot be prepared on a read-only connection. */
export function writeStatements(db: Database.Database): WriteStatements {
  return {
    head: db.prepare<[string], { id: number; revision: number }>(
      'SELECT id, revision FROM cassettes WHERE name = ?',
    ),
    bump: db.prepare<[], { value: number }>(
      "UPDATE meta SET value = value + 1 WHERE key = 'revision' RETURNING value",
    ),
    insertCassette: db.prepare<unknown[], { id: number }>(
      `INSERT INTO cassettes (name, revision, updated_at, doc, style, original_codec, original_digest,
         original, interaction_count, stored_bytes, raw_bytes, checksum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ),
    updateCassette: db.prepare(
      `UPDATE cassettes SET revision = ?, updated_at = ?, doc = ?, style = ?, original_codec = ?,
         original_digest = ?, original = ?, interaction_count = ?, stored_bytes = ?, raw_bytes = ?, checksum = ? WHERE id = ?`,
    ),
    deleteCassette: db.prepare('DELETE FROM cassettes WHERE id = ?'),
    values: blobWriter(db),
    deleteInteractions: db.prepare('DELETE FROM interactions WHERE cassette_id = ?'),
    insertInteraction: db.prepare(
      `INSERT INTO interactions (cassette_id, position, method, uri, host, status, fingerprint,
         request_body, response_body, content_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}
