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
} from '@cassettekit/core';
import type { StoreBackdoor } from '@cassettekit/store-test-suite';
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
      const db = conn();
      const bad = Buffer.from('{"inter');
      const block = db
        .prepare('INSERT INTO blocks (encoding, raw_size, live_size, data) VALUES (0, ?, ?, ?) RETURNING id')
        .get(bad.length, bad.length, bad) as { id: number };
      const body = db
        .prepare(
          'INSERT INTO bodies (hash, kind, raw_size, refs, block, offset) VALUES (randomblob(32), 1, ?, 1, ?, 0) RETURNING id',
        )
        .get(bad.length, block.id) as { id: number };
      db.prepare('UPDATE cassettes SET doc = ? WHERE name = ?').run(body.id, name);
    },
    close() {
      db?.close();
      db = undefined;
    },
  };
}

export function readCassette(db: Database.Database, name: string): CassetteData | null {
  const cassette = db.prepare('SELECT id, doc FROM cassettes WHERE name = ?').get(name) as
    | { id: number; doc: number }
    | undefined;
  if (cassette === undefined) return null;
  // A value: `raw_size` bytes at `offset` in its block's bytes (brotli when `encoding` is 1).
  const body = (id: number | null): Value | undefined => {
    if (id === null) return undefined;
    const b = db
      .prepare(
        'SELECT b.kind, b.offset, b.raw_size, k.encoding, k.data FROM bodies b JOIN blocks k ON k.id = b.block WHERE b.id = ?',
      )
      .get(id) as { kind: number; offset: number; raw_size: number; encoding: number; data: Buffer };
    const block = b.encoding === 1 ? brotliDecompressSync(b.data) : b.data;
    const raw = block.subarray(b.offset, b.offset + b.raw_size);
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
  const text = body(cassette.doc) as string;
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

/**
 * The bookkeeping of the values and blocks, checked from the tables: every reference counted in
 * `refs`, every block's `live_size` the bytes of its values, values inside their block and apart.
 * Returns the problems found (none: an empty list).
 */
export function valueProblems(db: Database.Database): string[] {
  const problems: string[] = [];
  const refs = db
    .prepare(
      `SELECT b.id, b.refs, (
         (SELECT count(*) FROM interactions WHERE request_body = b.id)
         + (SELECT count(*) FROM interactions WHERE response_body = b.id)
         + (SELECT count(*) FROM interactions WHERE content_body = b.id)
         + (SELECT count(*) FROM cassettes WHERE doc = b.id)
         + (SELECT count(*) FROM cassettes WHERE original = b.id)) AS uses
       FROM bodies b`,
    )
    .all() as { id: number; refs: number; uses: number }[];
  for (const r of refs)
    if (r.refs !== r.uses || r.uses === 0)
      problems.push(`value ${r.id}: refs ${r.refs}, used ${r.uses} times`);
  const blocks = db.prepare('SELECT id, raw_size, live_size FROM blocks').all() as {
    id: number;
    raw_size: number;
    live_size: number;
  }[];
  for (const k of blocks) {
    const values = db
      .prepare('SELECT id, offset, raw_size FROM bodies WHERE block = ? ORDER BY offset')
      .all(k.id) as { id: number; offset: number; raw_size: number }[];
    const live = values.reduce((n, v) => n + v.raw_size, 0);
    if (live !== k.live_size || live === 0)
      problems.push(`block ${k.id}: live_size ${k.live_size}, values ${live}`);
    let end = 0;
    for (const v of values) {
      if (v.offset < end || v.offset + v.raw_size > k.raw_size)
        problems.push(`value ${v.id} overlaps or leaves block ${k.id}`);
      end = v.offset + v.raw_size;
    }
  }
  const orphans = db
    .prepare('SELECT count(*) AS n FROM bodies WHERE block NOT IN (SELECT id FROM blocks)')
    .get() as {
    n: number;
  };
  if (orphans.n > 0) problems.push(`${orphans.n} values in missing blocks`);
  return problems;
}
