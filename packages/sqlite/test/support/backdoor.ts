import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import {
  type CassetteData,
  fromTaggedJson,
  isValueMap,
  setKey,
  type TaggedJson,
  type Value,
  type ValueMap,
} from '@cassette/core';
import type { StoreBackdoor } from '@cassette/store-test-suite';
import Database from 'better-sqlite3';

/**
 * Reads the tables with a connection of its own and decodes the rows without the store's code: the
 * schema as documented in src/schema.ts is the only thing shared.
 */
export function sqliteBackdoor(path: string): StoreBackdoor & { close(): void } {
  let db: Database.Database | undefined;
  const conn = (): Database.Database => {
    db ??= new Database(path, { fileMustExist: true });
    return db;
  };
  return {
    async read(name) {
      return readCassette(conn(), name);
    },
    async names() {
      return (conn().prepare('SELECT name FROM cassettes').all() as { name: string }[]).map((r) => r.name);
    },
    async corrupt(name) {
      // A document that is no longer JSON, as a bad copy or a hand edit would leave it.
      conn()
        .prepare('UPDATE cassettes SET doc = ?, doc_encoding = 0 WHERE name = ?')
        .run(Buffer.from('{"inter'), name);
    },
    close() {
      db?.close();
      db = undefined;
    },
  };
}

export function readCassette(db: Database.Database, name: string): CassetteData | null {
  const cassette = db.prepare('SELECT id, doc, doc_encoding FROM cassettes WHERE name = ?').get(name) as
    | { id: number; doc: Buffer; doc_encoding: number }
    | undefined;
  if (cassette === undefined) return null;
  const body = (id: number | null): Value | undefined => {
    if (id === null) return undefined;
    const b = db.prepare('SELECT kind, encoding, data FROM bodies WHERE id = ?').get(id) as {
      kind: number;
      encoding: number;
      data: Buffer;
    };
    const raw = b.encoding === 1 ? brotliDecompressSync(b.data) : b.data;
    if (b.kind === 1) return raw.toString('utf8');
    if (b.kind === 2) return new Uint8Array(raw);
    if (b.kind === 3) return JSON.parse(raw.toString('utf8')) as string;
    throw new Error(`body kind ${b.kind}`);
  };
  const rows = db
    .prepare(
      'SELECT position, request_body, response_body, content_body FROM interactions WHERE cassette_id = ? ORDER BY position',
    )
    .all(cassette.id) as {
    position: number;
    request_body: number | null;
    response_body: number | null;
    content_body: number | null;
  }[];
  const text = (cassette.doc_encoding === 1 ? brotliDecompressSync(cassette.doc) : cassette.doc).toString(
    'utf8',
  );
  const doc = fromTaggedJson(JSON.parse(text) as TaggedJson) as ValueMap;
  const list = Array.isArray(doc.interactions) ? doc.interactions : [];
  if (list.length !== rows.length) throw new Error(`${list.length} interactions, ${rows.length} rows`);
  const put = (holder: Value | undefined, key: string, id: number | null) => {
    if (id === null) return;
    if (!isValueMap(holder) || !isValueMap(holder[key]) || !('$body' in holder[key])) {
      throw new Error('a body row has no placeholder');
    }
    setKey(holder, key, body(id)!);
  };
  for (const r of rows) {
    const value = list[r.position];
    if (!isValueMap(value)) continue;
    put(value.request, 'body', r.request_body);
    const response = value.response as ValueMap | undefined;
    put(response?.body, 'string', r.response_body);
    put(response, 'content', r.content_body);
  }
  return doc;
}

export function tempDir(prefix = 'cassette-sqlite-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
