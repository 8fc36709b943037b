import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { InteractionRecord } from './statements.js';

/**
 * Version 2 -> 3: `cassettes.checksum`, the checksum of each cassette's rows as version 3 defines it
 * (below), computed from the rows as they are. Runs inside the opening transaction. Its SQL and
 * checksum are kept here as they were: later versions changed both (see checksum.ts), and version 4's
 * migration uses this one to tell damaged rows from sound ones.
 */
export function migrateToV3(db: Database.Database): void {
  db.exec('ALTER TABLE cassettes ADD COLUMN checksum BLOB');
  const checksum = v3Checksums(db);
  const update = db.prepare('UPDATE cassettes SET checksum = ? WHERE id = ?');
  const ids = db.prepare<[], { id: number }>('SELECT id FROM cassettes ORDER BY id').all();
  for (const { id } of ids) update.run(checksum(id), id);
}

interface V3Cassette {
  name: string;
  revision: number;
  style: string | null;
  original_codec: string | null;
  original_digest: string | null;
  doc_hash: Buffer | null;
  original_hash: Buffer | null;
}

/** An interaction row's index columns (unchanged since version 1) and the SHA-256 of its bodies. */
type V3Interaction = Pick<
  InteractionRecord,
  'position' | 'method' | 'uri' | 'host' | 'status' | 'fingerprint'
> & {
  request_hash: Buffer | null;
  response_hash: Buffer | null;
  content_hash: Buffer | null;
};

/**
 * Version 3's checksum of a cassette's rows, by cassette id: SHA-256 over the JSON of its name,
 * revision, format columns and the SHA-256 (hex) of its document and original text, then of each
 * interaction row (index columns, the SHA-256 of its bodies). Undefined for an id with no row.
 */
export function v3Checksums(db: Database.Database): (id: number) => Buffer | undefined {
  const cassette = db.prepare<[number], V3Cassette>(
    `SELECT c.name AS name, c.revision AS revision, c.style AS style, c.original_codec AS original_codec,
       c.original_digest AS original_digest, d.hash AS doc_hash, o.hash AS original_hash
     FROM cassettes c LEFT JOIN bodies d ON d.id = c.doc LEFT JOIN bodies o ON o.id = c.original
     WHERE c.id = ?`,
  );
  const interactions = db.prepare<[number], V3Interaction>(
    `SELECT i.position AS position, i.method AS method, i.uri AS uri, i.host AS host, i.status AS status,
       i.fingerprint AS fingerprint, rb.hash AS request_hash, sb.hash AS response_hash, cb.hash AS content_hash
     FROM interactions i
     LEFT JOIN bodies rb ON rb.id = i.request_body
     LEFT JOIN bodies sb ON sb.id = i.response_body
     LEFT JOIN bodies cb ON cb.id = i.content_body
     WHERE i.cassette_id = ? ORDER BY i.position`,
  );
  const hex = (hash: Buffer | null): string | null => (hash === null ? null : hash.toString('hex'));
  return (id) => {
    const c = cassette.get(id);
    if (c === undefined) return undefined;
    const rows = interactions.all(id);
    const hash = createHash('sha256');
    hash.update(
      JSON.stringify([
        c.name,
        c.revision,
        c.style,
        c.original_codec,
        c.original_digest,
        hex(c.doc_hash),
        hex(c.original_hash),
        rows.length,
      ]),
    );
    for (const i of rows) {
      hash.update(
        JSON.stringify([
          i.position,
          i.method,
          i.uri,
          i.host,
          i.status,
          i.fingerprint,
          hex(i.request_hash),
          hex(i.response_hash),
          hex(i.content_hash),
        ]),
      );
    }
    return hash.digest();
  };
}
