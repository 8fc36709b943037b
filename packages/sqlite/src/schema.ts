import type BetterSqlite3 from 'better-sqlite3';
import { migrateToV2 } from './migrate-v2.js';
import { migrateToV3 } from './migrate-v3.js';
import { migrateToV4 } from './migrate-v4.js';

/** `PRAGMA application_id` of a cassette database: "CASS". Tells our files from other applications'. */
export const APPLICATION_ID = 0x43415353;

/**
 * The schema, version 1 (`PRAGMA user_version`); kept as written, the first step of every database.
 *
 * - `meta`: `revision`, a counter every write increments; version tokens are `r<revision>`, unique
 *   for the life of the file, also across delete and re-create of a cassette.
 * - `cassettes`: one row per cassette. `doc` is the whole document as tagged JSON with its bodies
 *   cut out (UTF-8; brotli when `doc_encoding` is 1), `style` the codec style (JSON), `original*` the
 *   source text (a kind byte, an encoding byte, the bytes) when no style reproduces it.
 * - `interactions`: one row per entry of the document's `interactions` list: index columns and the
 *   ids of its bodies; indexed by fingerprint, by (uri, method), host and status, so a query never
 *   loads a cassette.
 * - `bodies`: request and response bodies, deduplicated across the database by `hash`
 *   (SHA-256 of kind + bytes), reference-counted by `refs`, compressed per `encoding`.
 */
const SCHEMA_V1 = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
INSERT INTO meta (key, value) VALUES ('revision', 0);

CREATE TABLE cassettes (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  revision INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  doc BLOB NOT NULL,
  doc_encoding INTEGER NOT NULL,
  style TEXT,
  original_codec TEXT,
  original_digest TEXT,
  original BLOB,
  interaction_count INTEGER NOT NULL,
  stored_bytes INTEGER NOT NULL,
  raw_bytes INTEGER NOT NULL
) STRICT;

CREATE TABLE bodies (
  id INTEGER PRIMARY KEY,
  hash BLOB NOT NULL UNIQUE,
  kind INTEGER NOT NULL,
  encoding INTEGER NOT NULL,
  raw_size INTEGER NOT NULL,
  refs INTEGER NOT NULL,
  data BLOB NOT NULL
) STRICT;

CREATE TABLE interactions (
  id INTEGER PRIMARY KEY,
  cassette_id INTEGER NOT NULL REFERENCES cassettes (id),
  position INTEGER NOT NULL,
  method TEXT NOT NULL,
  uri TEXT NOT NULL,
  host TEXT,
  status INTEGER,
  fingerprint TEXT NOT NULL,
  request_body INTEGER REFERENCES bodies (id),
  response_body INTEGER REFERENCES bodies (id),
  content_body INTEGER REFERENCES bodies (id),
  UNIQUE (cassette_id, position)
) STRICT;
CREATE INDEX interactions_fingerprint ON interactions (fingerprint);
CREATE INDEX interactions_uri ON interactions (uri, method);
CREATE INDEX interactions_host ON interactions (host);
CREATE INDEX interactions_status ON interactions (status);
`;

/**
 * The schema, version 2: values are packed into compressed blocks (see pack.ts), and the document
 * and the original text are values like the bodies (deduplicated, reference-counted).
 *
 * - `blocks`: `data` holds values back to back, `raw_size` bytes once decoded (`encoding` 0 raw,
 *   1 brotli); `live_size` is how many of those bytes values still use; `open` (computed) says
 *   whether a merge may rewrite it (see pack.ts; version 4 redefines it for 1 MB blocks). AUTOINCREMENT: an id is never reused, so readers
 *   may cache decoded blocks by id.
 * - `bodies`: every stored value: request and response bodies, the cassettes' documents and kept
 *   original texts. `hash` is SHA-256 over kind + bytes, `kind` 1 text, 2 bytes, 3 text with lone
 *   surrogates as a JSON string; the bytes are `raw_size` bytes at `offset` in block `block`'s raw
 *   bytes. `refs` counts the references (interaction slots, `cassettes.doc`, `cassettes.original`).
 * - `cassettes`: `doc` is the body holding the document as tagged JSON with its bodies cut out,
 *   `original` the body holding the source text when no style reproduces it.
 * - `interactions`: as in version 1.
 */
export const SCHEMA_V2 = `
CREATE TABLE blocks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  encoding INTEGER NOT NULL,
  raw_size INTEGER NOT NULL,
  live_size INTEGER NOT NULL,
  data BLOB NOT NULL,
  open INTEGER GENERATED ALWAYS AS (raw_size < 524288 OR live_size * 2 < raw_size) VIRTUAL
) STRICT;
CREATE INDEX blocks_open ON blocks (open, id, live_size);

CREATE TABLE bodies (
  id INTEGER PRIMARY KEY,
  hash BLOB NOT NULL UNIQUE,
  kind INTEGER NOT NULL,
  raw_size INTEGER NOT NULL,
  refs INTEGER NOT NULL,
  block INTEGER NOT NULL REFERENCES blocks (id),
  offset INTEGER NOT NULL
) STRICT;
CREATE INDEX bodies_block ON bodies (block);

CREATE TABLE cassettes (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  revision INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  doc INTEGER NOT NULL REFERENCES bodies (id),
  style TEXT,
  original_codec TEXT,
  original_digest TEXT,
  original INTEGER REFERENCES bodies (id),
  interaction_count INTEGER NOT NULL,
  stored_bytes INTEGER NOT NULL,
  raw_bytes INTEGER NOT NULL
) STRICT;

CREATE TABLE interactions (
  id INTEGER PRIMARY KEY,
  cassette_id INTEGER NOT NULL REFERENCES cassettes (id),
  position INTEGER NOT NULL,
  method TEXT NOT NULL,
  uri TEXT NOT NULL,
  host TEXT,
  status INTEGER,
  fingerprint TEXT NOT NULL,
  request_body INTEGER REFERENCES bodies (id),
  response_body INTEGER REFERENCES bodies (id),
  content_body INTEGER REFERENCES bodies (id),
  UNIQUE (cassette_id, position)
) STRICT;
CREATE INDEX interactions_fingerprint ON interactions (fingerprint);
CREATE INDEX interactions_uri ON interactions (uri, method);
CREATE INDEX interactions_host ON interactions (host);
CREATE INDEX interactions_status ON interactions (status);
`;

/*
 * Version 4 (migrate-v4.ts) changes version 2's tables so: `bodies.crc`, a CRC-32 over kind + bytes,
 * is what reads check a value against; `bodies.hash`, the dedup key, is the first 16 bytes of the
 * SHA-256; `cassettes.checksum` is a CRC-32 (checksum.ts); `blocks.encoding` 2 is pending (raw bytes
 * of an open block, compressed by a merge or when the store closes), and blocks are 1 MB
 * (`blocks.open` follows pack.ts). New files use 1 KB pages (open.ts).
 */

/**
 * Forward migrations: entry `i` takes a database from `user_version` i to i + 1. Each runs inside the
 * opening transaction; a new version appends one entry and never edits an old one. A new database
 * goes through all of them (on empty tables), so new and migrated databases have the same schema.
 */
export const MIGRATIONS: readonly ((db: BetterSqlite3.Database) => void)[] = [
  (db) => db.exec(SCHEMA_V1),
  (db) => migrateToV2(db, SCHEMA_V2),
  // Version 3: `cassettes.checksum` (see migrate-v3.ts).
  migrateToV3,
  // Version 4: `bodies.crc`, a cheaper `cassettes.checksum` (see checksum.ts), pending blocks (pack.ts).
  migrateToV4,
];

/** The schema version this package writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;
