import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  assertValidName,
  type Body,
  type Cassette,
  type CassetteEntry,
  type CassetteStore,
  checkVersion,
  createError,
  fromTaggedJson,
  type InteractionData,
  isValueMap,
  type ListOptions,
  nameHasPrefix,
  type StoreDriver,
  type TaggedJson,
  type WriteOptions,
} from '@cassette/core';
import type Database from 'better-sqlite3';
import { type CodecLookup, columnsToFormat, defaultCodecs, formatToColumns } from './format.js';
import { openDatabase, translate, withRetry } from './open.js';
import {
  type BodyRow,
  type BodySlot,
  cassetteToRows,
  decodeBody,
  decodeText,
  encodeBody,
  encodeText,
  fillBodies,
  rowsToCassette,
} from './rows.js';

export interface SqliteStoreOptions {
  /** The database file. */
  readonly path: string;
  /** Shown in errors; default `sqlite:<path>`. */
  readonly url?: string;
  /** Create the database when the file does not exist (its folder must). Default false. */
  readonly create?: boolean;
  /** Open read-only: reads work, writes throw PERMISSION_DENIED. Default false. */
  readonly readonly?: boolean;
  /** How long SQLite itself waits for a lock before the store's own retries take over. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** How long the store keeps retrying a locked database before UNAVAILABLE. Default 60000 ms. */
  readonly retryForMs?: number;
  /** Codec lookup used to decide whether `format.original` must be stored; default `@cassette/yaml`. */
  readonly codecs?: CodecLookup;
}

/** One interaction found by a query, without loading its cassette. */
export interface InteractionMatch {
  readonly cassette: string;
  /** Its index in the cassette's `interactions` list. */
  readonly index: number;
  readonly method: string;
  readonly uri: string;
  readonly host: string | null;
  readonly status: number | null;
  readonly fingerprint: string;
  /** The cassette's version token. */
  readonly version: string;
}

/** Every given field must match. */
export interface InteractionQuery {
  /** The core's `requestFingerprint`. */
  readonly fingerprint?: string;
  /** Upper-cased before comparing. */
  readonly method?: string;
  /** The URI exactly as recorded. */
  readonly uri?: string;
  readonly uriPrefix?: string;
  /** Host name, compared lower-cased, without port. */
  readonly host?: string;
  readonly status?: number;
  readonly cassette?: string;
  /** At most this many (default: all). */
  readonly limit?: number;
}

export interface CassetteStats {
  readonly name: string;
  readonly version: string;
  readonly interactions: number;
  /** Bytes this cassette takes in the database (its bodies counted in full, even when shared). */
  readonly storedBytes: number;
  /** Bytes of its data before compression. */
  readonly rawBytes: number;
  readonly updatedAt: Date;
}

export interface DatabaseStats {
  readonly path: string;
  readonly cassettes: number;
  readonly interactions: number;
  /** Distinct bodies (after deduplication). */
  readonly bodies: number;
  readonly bodyRawBytes: number;
  readonly bodyStoredBytes: number;
  /** Cassettes whose original text is kept because no codec style reproduces it. */
  readonly originals: number;
  /** The database file plus its -wal file. */
  readonly fileBytes: number;
}

/** What the SQLite store answers beyond the contract (the CLI's `stats` and lookups use it). */
export interface SqliteQueries {
  readonly path: string;
  findInteractions(query: InteractionQuery): Promise<InteractionMatch[]>;
  findByFingerprint(fingerprint: string): Promise<InteractionMatch[]>;
  /** One interaction, read without loading the rest of its cassette; null when absent. */
  getInteraction(cassette: string, index: number): Promise<InteractionData | null>;
  /** Cassettes in name order with their sizes and interaction counts. */
  listCassettes(options?: ListOptions): Promise<CassetteStats[]>;
  databaseStats(): Promise<DatabaseStats>;
}

export type SqliteStore = CassetteStore & SqliteQueries;

interface CassetteRow {
  id: number;
  revision: number;
  doc: Buffer;
  doc_encoding: number;
  style: string | null;
  original_codec: string | null;
  original_digest: string | null;
  original: Buffer | null;
}

interface LoadedInteraction {
  position: number;
  rk: number | null;
  re: number | null;
  rd: Buffer | null;
  rid: number | null;
  sk: number | null;
  se: number | null;
  sd: Buffer | null;
  sid: number | null;
  ck: number | null;
  ce: number | null;
  cd: Buffer | null;
  cid: number | null;
}

const token = (revision: number): string => `r${revision}`;

const LOAD_INTERACTIONS = `
SELECT i.position AS position,
  rb.kind AS rk, rb.encoding AS re, rb.data AS rd, rb.id AS rid,
  sb.kind AS sk, sb.encoding AS se, sb.data AS sd, sb.id AS sid,
  cb.kind AS ck, cb.encoding AS ce, cb.data AS cd, cb.id AS cid
FROM interactions i
LEFT JOIN bodies rb ON rb.id = i.request_body
LEFT JOIN bodies sb ON sb.id = i.response_body
LEFT JOIN bodies cb ON cb.id = i.content_body`;

/**
 * A cassette store in one SQLite file (better-sqlite3). Every write is one `BEGIN IMMEDIATE`
 * transaction; `ifVersion` compares the cassette's revision inside it, so it holds across processes.
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const path = resolve(options.path);
  const url = options.url ?? `sqlite:${options.path}`;
  const readonly = options.readonly ?? false;
  const retryForMs = options.retryForMs ?? 60_000;
  const codecs = options.codecs ?? defaultCodecs;
  const db = await openDatabase({
    path,
    url,
    create: options.create ?? false,
    readonly,
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
    retryForMs,
  });
  let closed = false;

  const s = {
    cassette: db.prepare<[string], CassetteRow>(
      'SELECT id, revision, doc, doc_encoding, style, original_codec, original_digest, original FROM cassettes WHERE name = ?',
    ),
    interactions: db.prepare<[number], LoadedInteraction>(
      `${LOAD_INTERACTIONS} WHERE i.cassette_id = ? ORDER BY i.position`,
    ),
    interaction: db.prepare<[number, number], LoadedInteraction>(
      `${LOAD_INTERACTIONS} WHERE i.cassette_id = ? AND i.position = ?`,
    ),
    list: db.prepare<
      [],
      {
        name: string;
        revision: number;
        stored_bytes: number;
        raw_bytes: number;
        updated_at: number;
        interaction_count: number;
      }
    >('SELECT name, revision, stored_bytes, raw_bytes, updated_at, interaction_count FROM cassettes'),
    bodyRefs: db.prepare<
      [number],
      { request_body: number | null; response_body: number | null; content_body: number | null }
    >('SELECT request_body, response_body, content_body FROM interactions WHERE cassette_id = ?'),
  };
  // Write statements cannot be prepared on a read-only connection.
  const w = readonly
    ? undefined
    : {
        head: db.prepare<[string], { id: number; revision: number }>(
          'SELECT id, revision FROM cassettes WHERE name = ?',
        ),
        bump: db.prepare<[], { value: number }>(
          "UPDATE meta SET value = value + 1 WHERE key = 'revision' RETURNING value",
        ),
        insertCassette: db.prepare<unknown[], { id: number }>(
          `INSERT INTO cassettes (name, revision, updated_at, doc, doc_encoding, style, original_codec, original_digest,
             original, interaction_count, stored_bytes, raw_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        ),
        updateCassette: db.prepare(
          `UPDATE cassettes SET revision = ?, updated_at = ?, doc = ?, doc_encoding = ?, style = ?, original_codec = ?,
             original_digest = ?, original = ?, interaction_count = ?, stored_bytes = ?, raw_bytes = ? WHERE id = ?`,
        ),
        deleteCassette: db.prepare('DELETE FROM cassettes WHERE id = ?'),
        deleteInteractions: db.prepare('DELETE FROM interactions WHERE cassette_id = ?'),
        refBody: db.prepare<[Buffer], { id: number; size: number }>(
          'UPDATE bodies SET refs = refs + 1 WHERE hash = ? RETURNING id, length(data) AS size',
        ),
        insertBody: db.prepare<unknown[], { id: number }>(
          'INSERT INTO bodies (hash, kind, encoding, raw_size, refs, data) VALUES (?, ?, ?, ?, 1, ?) RETURNING id',
        ),
        unrefBody: db.prepare('UPDATE bodies SET refs = refs - 1 WHERE id = ?'),
        dropBody: db.prepare('DELETE FROM bodies WHERE id = ? AND refs <= 0'),
        insertInteraction: db.prepare(
          `INSERT INTO interactions (cassette_id, position, method, uri, host, status, fingerprint,
             request_body, response_body, content_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ),
      };
  const hasBody = db.prepare<[Buffer], { id: number }>('SELECT id FROM bodies WHERE hash = ?');
  const queryCache = new Map<string, Database.Statement<unknown[], MatchRow>>();

  const open = (): void => {
    if (closed) throw createError('CLOSED', 'the store is closed', { store: url });
  };
  const writer = (name?: string): NonNullable<typeof w> => {
    if (w === undefined) {
      throw createError('PERMISSION_DENIED', `${path} was opened read-only`, {
        store: url,
        ...(name === undefined ? {} : { cassette: name }),
        hint: 'Open it without mode=ro to write',
      });
    }
    return w;
  };
  /** Runs `fn` with retries while locked; errors name the file and, when given, the cassette. */
  const run = <T>(op: string, fn: () => T, cassette?: string): Promise<T> =>
    withRetry(
      () => {
        open(); // closed while this call waited for its turn
        return fn();
      },
      retryForMs,
      url,
      path,
      op,
      cassette,
    );
  /** A write: one BEGIN IMMEDIATE transaction, rolled back on any error. */
  const transaction = <T>(op: string, fn: () => T, cassette?: string): Promise<T> =>
    run(
      op,
      () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = fn();
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      },
      cassette,
    );
  /** A consistent read of several statements. */
  const snapshot = <T>(op: string, fn: () => T, cassette?: string): Promise<T> =>
    run(
      op,
      () => {
        db.exec('BEGIN');
        try {
          const result = fn();
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      },
      cassette,
    );

  const invalid = (name: string, error: unknown) => {
    const translated = translate(error, url, path, 'read', name);
    if (translated !== error) return translated;
    return createError(
      'INVALID_CASSETTE',
      `its rows in ${path} cannot be read: ${(error as Error)?.message ?? error}`,
      {
        store: url,
        cassette: name,
        hint: 'The database was changed outside @cassette/sqlite; write the cassette again or restore the file',
        cause: error,
      },
    );
  };

  /** The bodies of one interaction row, by slot; `cache` shares decoded bodies within one read. */
  const bodiesOf = (row: LoadedInteraction, cache: Map<number, Body>) => {
    const body = (id: number | null, kind: number | null, encoding: number | null, data: Buffer | null) => {
      if (id === null || kind === null || encoding === null || data === null) return undefined;
      const seen = cache.get(id);
      if (seen === undefined) {
        const value = decodeBody(kind, encoding, data);
        cache.set(id, value);
        return value;
      }
      // Each interaction gets its own bytes: a caller may change one without changing another.
      return seen instanceof Uint8Array ? new Uint8Array(seen) : seen;
    };
    return (slot: BodySlot): Body | undefined =>
      slot === 'request'
        ? body(row.rid, row.rk, row.re, row.rd)
        : slot === 'response'
          ? body(row.sid, row.sk, row.se, row.sd)
          : body(row.cid, row.ck, row.ce, row.cd);
  };

  const store: SqliteStore = {
    url,
    path,
    capabilities: { crossProcessConditionalWrites: true, keepsFormat: true, persistent: true },

    async *list(listOptions: ListOptions = {}): AsyncIterable<CassetteEntry> {
      open();
      const rows = await run('list', () => s.list.all());
      const entries = rows
        .filter((r) => nameHasPrefix(r.name, listOptions.prefix))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const r of entries) {
        yield {
          name: r.name,
          version: token(r.revision),
          size: r.stored_bytes,
          updatedAt: new Date(r.updated_at),
        };
      }
    },

    async get(name) {
      open();
      assertValidName(name, url);
      const found = await snapshot(
        'get',
        () => {
          const row = s.cassette.get(name);
          return row === undefined ? null : { row, interactions: s.interactions.all(row.id) };
        },
        name,
      );
      if (found === null) return null;
      try {
        const cache = new Map<number, Body>();
        const rows = found.interactions;
        rows.forEach((r, i) => {
          if (r.position !== i) throw new Error(`interaction ${i} is missing`);
        });
        const doc = decodeText(found.row.doc_encoding, found.row.doc);
        const data = rowsToCassette(doc, rows.length, (position, slot) =>
          bodiesOf(rows[position]!, cache)(slot),
        );
        const format = columnsToFormat({
          style: found.row.style,
          originalCodec: found.row.original_codec,
          originalDigest: found.row.original_digest,
          original: found.row.original,
        });
        const cassette: Cassette = format === undefined ? { data } : { data, format };
        return { cassette, version: token(found.row.revision) };
      } catch (error) {
        throw invalid(name, error);
      }
    },

    async put(name, cassette, writeOptions: WriteOptions = {}) {
      open();
      assertValidName(name, url);
      const ws = writer(name);
      if (!isValueMap(cassette?.data)) {
        throw createError('INVALID_CASSETTE', 'the cassette data is not a mapping', {
          store: url,
          cassette: name,
        });
      }
      // Everything slow happens before the write lock: encoding, hashing, compressing new bodies.
      const rows = cassetteToRows(cassette.data);
      const format = await formatToColumns(cassette, codecs);
      open();
      const bodies = new Map<string, { row: BodyRow; stored?: { encoding: number; data: Buffer } }>();
      for (const interaction of rows.interactions) {
        for (const b of interaction.bodies) {
          const key = b.hash.toString('hex');
          if (!bodies.has(key)) bodies.set(key, { row: b });
        }
      }
      const missing = await run(
        'put',
        () => [...bodies.values()].filter((b) => hasBody.get(b.row.hash) === undefined),
        name,
      );
      for (const b of missing) b.stored = encodeBody(b.row.raw);
      const doc = encodeText(rows.doc);
      const docBytes = doc.data.length + (format.original?.length ?? 0);

      return transaction(
        'put',
        () => {
          const head = ws.head.get(name);
          checkVersion(head === undefined ? null : token(head.revision), writeOptions, url, name);
          const revision = ws.bump.get()!.value;
          const released = head === undefined ? [] : releaseBodies(head.id);
          if (head !== undefined) ws.deleteInteractions.run(head.id);
          // Body ids, once per distinct body; refs count every reference.
          const ids = new Map<string, { id: number; size: number }>();
          const refer = (b: BodyRow): number => {
            const key = b.hash.toString('hex');
            const known = ids.get(key);
            if (known !== undefined) {
              ws.refBody.run(b.hash);
              return known.id;
            }
            let found = ws.refBody.get(b.hash);
            if (found === undefined) {
              const entry = bodies.get(key)!;
              entry.stored ??= encodeBody(b.raw); // deleted by another writer since we looked
              const { id } = ws.insertBody.get(
                b.hash,
                b.kind,
                entry.stored.encoding,
                b.raw.length,
                entry.stored.data,
              )!;
              found = { id, size: entry.stored.data.length };
            }
            ids.set(key, found);
            return found.id;
          };
          let storedBytes = docBytes;
          let rawBytes = Buffer.byteLength(rows.doc) + (format.original?.length ?? 0);
          const pending: unknown[][] = [];
          for (const i of rows.interactions) {
            const slots: Record<BodySlot, number | null> = { request: null, response: null, content: null };
            for (const b of i.bodies) slots[b.slot] = refer(b);
            pending.push([
              i.position,
              i.method,
              i.uri,
              i.host,
              i.status,
              i.fingerprint,
              slots.request,
              slots.response,
              slots.content,
            ]);
          }
          for (const [key, { size }] of ids) {
            storedBytes += size;
            rawBytes += bodies.get(key)!.row.raw.length;
          }
          const now = Date.now();
          const columns = [
            doc.data,
            doc.encoding,
            format.style,
            format.originalCodec,
            format.originalDigest,
            format.original,
          ];
          let id: number;
          if (head === undefined) {
            id = ws.insertCassette.get(
              name,
              revision,
              now,
              ...columns,
              rows.interactions.length,
              storedBytes,
              rawBytes,
            )!.id;
          } else {
            id = head.id;
            ws.updateCassette.run(
              revision,
              now,
              ...columns,
              rows.interactions.length,
              storedBytes,
              rawBytes,
              id,
            );
          }
          for (const p of pending) ws.insertInteraction.run(id, ...p);
          for (const bodyId of released) ws.dropBody.run(bodyId);
          return { version: token(revision) };
        },
        name,
      );
    },

    async delete(name, writeOptions: WriteOptions = {}) {
      open();
      assertValidName(name, url);
      const ws = writer(name);
      return transaction(
        'delete',
        () => {
          const head = ws.head.get(name);
          checkVersion(head === undefined ? null : token(head.revision), writeOptions, url, name);
          if (head === undefined) return false;
          ws.bump.get();
          const released = releaseBodies(head.id);
          ws.deleteInteractions.run(head.id);
          ws.deleteCassette.run(head.id);
          for (const bodyId of released) ws.dropBody.run(bodyId);
          return true;
        },
        name,
      );
    },

    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },

    async findInteractions(query) {
      open();
      const where: string[] = [];
      const params: unknown[] = [];
      const when = (condition: string, ...values: unknown[]): void => {
        where.push(condition);
        params.push(...values);
      };
      if (query.fingerprint !== undefined) when('i.fingerprint = ?', query.fingerprint);
      if (query.method !== undefined) when('i.method = ?', query.method.toUpperCase());
      if (query.uri !== undefined) when('i.uri = ?', query.uri);
      // A range the (uri, method) index can serve: [prefix, prefix + U+10FFFF).
      if (query.uriPrefix !== undefined && query.uriPrefix !== '') {
        when('i.uri >= ? AND i.uri < ?', query.uriPrefix, `${query.uriPrefix}\u{10ffff}`);
      }
      if (query.host !== undefined) when('i.host = ?', query.host.toLowerCase());
      if (query.status !== undefined) when('i.status = ?', query.status);
      if (query.cassette !== undefined) when('c.name = ?', query.cassette);
      const limit = query.limit === undefined ? '' : ' LIMIT ?';
      if (query.limit !== undefined) params.push(query.limit);
      const sql = `SELECT c.name AS cassette, i.position AS position, i.method AS method, i.uri AS uri, i.host AS host,
        i.status AS status, i.fingerprint AS fingerprint, c.revision AS revision
        FROM interactions i JOIN cassettes c ON c.id = i.cassette_id
        ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`} ORDER BY c.name, i.position${limit}`;
      let statement = queryCache.get(sql);
      if (statement === undefined) {
        statement = db.prepare<unknown[], MatchRow>(sql);
        queryCache.set(sql, statement);
      }
      const found = statement;
      const rows = await run('query', () => found.all(...params));
      return rows.map(toMatch);
    },

    async findByFingerprint(fingerprint) {
      return store.findInteractions({ fingerprint });
    },

    async getInteraction(name, index) {
      open();
      assertValidName(name, url);
      const found = await snapshot(
        'get',
        () => {
          const head = s.cassette.get(name);
          const row = head === undefined ? undefined : s.interaction.get(head.id, index);
          return head === undefined || row === undefined ? null : { head, row };
        },
        name,
      );
      if (found === null) return null;
      try {
        const data = fromTaggedJson(
          JSON.parse(decodeText(found.head.doc_encoding, found.head.doc)) as TaggedJson,
        );
        const list = isValueMap(data) ? data.interactions : undefined;
        const item = Array.isArray(list) ? list[index] : undefined;
        if (item === undefined) throw new Error(`interaction ${index} is not in the document`);
        fillBodies(item, bodiesOf(found.row, new Map()));
        return item as InteractionData;
      } catch (error) {
        throw invalid(name, error);
      }
    },

    async listCassettes(listOptions: ListOptions = {}) {
      open();
      const rows = await run('list', () => s.list.all());
      return rows
        .filter((r) => nameHasPrefix(r.name, listOptions.prefix))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((r) => ({
          name: r.name,
          version: token(r.revision),
          interactions: r.interaction_count,
          storedBytes: r.stored_bytes,
          rawBytes: r.raw_bytes,
          updatedAt: new Date(r.updated_at),
        }));
    },

    async databaseStats() {
      open();
      const counts = await snapshot('stats', () => ({
        cassettes: db.prepare('SELECT count(*) AS n, count(original) AS originals FROM cassettes').get() as {
          n: number;
          originals: number;
        },
        interactions: (db.prepare('SELECT count(*) AS n FROM interactions').get() as { n: number }).n,
        bodies: db
          .prepare(
            'SELECT count(*) AS n, coalesce(sum(raw_size), 0) AS raw, coalesce(sum(length(data)), 0) AS stored FROM bodies',
          )
          .get() as { n: number; raw: number; stored: number },
      }));
      let fileBytes = 0;
      for (const file of [path, `${path}-wal`]) {
        try {
          fileBytes += statSync(file).size;
        } catch {
          // no -wal file
        }
      }
      return {
        path,
        cassettes: counts.cassettes.n,
        originals: counts.cassettes.originals,
        interactions: counts.interactions,
        bodies: counts.bodies.n,
        bodyRawBytes: counts.bodies.raw,
        bodyStoredBytes: counts.bodies.stored,
        fileBytes,
      };
    },
  };

  /** Drops one reference per body slot of a cassette's interactions; returns the ids to collect. */
  function releaseBodies(cassetteId: number): number[] {
    const ws = writer();
    const released = new Set<number>();
    for (const r of s.bodyRefs.all(cassetteId)) {
      for (const id of [r.request_body, r.response_body, r.content_body]) {
        if (id === null) continue;
        ws.unrefBody.run(id);
        released.add(id);
      }
    }
    return [...released];
  }

  return store;
}

interface MatchRow {
  cassette: string;
  position: number;
  method: string;
  uri: string;
  host: string | null;
  status: number | null;
  fingerprint: string;
  revision: number;
}

function toMatch(r: MatchRow): InteractionMatch {
  return {
    cassette: r.cassette,
    index: r.position,
    method: r.method,
    uri: r.uri,
    host: r.host,
    status: r.status,
    fingerprint: r.fingerprint,
    version: token(r.revision),
  };
}

/** `sqlite:PATH` (relative to the working directory); `?mode=ro` opens it read-only. */
export const sqliteDriver: StoreDriver = {
  schemes: ['sqlite'],
  description: 'one SQLite database file: indexed interactions, compressed deduplicated bodies',
  example: 'sqlite:./cassettes.db',
  async open(url, openOptions) {
    const location = url.location.startsWith('//') ? url.location.slice(2) : url.location;
    if (location === '') {
      throw createError('INVALID_URL', `no database path in ${JSON.stringify(url.url)}`, {
        hint: 'Write it as sqlite:PATH, e.g. sqlite:./cassettes.db',
      });
    }
    const mode = url.params.get('mode');
    if (mode !== null && mode !== 'ro' && mode !== 'rw') {
      throw createError('INVALID_URL', `unknown mode "${mode}" in ${JSON.stringify(url.url)}`, {
        hint: 'Use mode=ro (read-only) or mode=rw',
      });
    }
    return createSqliteStore({
      path: resolve(openOptions.cwd ?? process.cwd(), location),
      url: url.url,
      create: openOptions.create ?? false,
      readonly: mode === 'ro',
    });
  },
};
