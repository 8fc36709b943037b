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
} from '@cassettekit/core';
import type Database from 'better-sqlite3';
import { blobReader, blobWriter, type ValueLocation } from './blobs.js';
import { type CodecLookup, columnsToFormat, defaultCodecs, formatToColumns } from './format.js';
import { openDatabase, translate, withRetry } from './open.js';
import { BlockCache, planBlocks } from './pack.js';
import {
  type BodySlot,
  cassetteToRows,
  fillBodies,
  rowsToCassette,
  type ValueRow,
  valueRow,
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
  /** Codec lookup used to decide whether `format.original` must be stored; default `@cassettekit/yaml`. */
  readonly codecs?: CodecLookup;
  /**
   * Bytes of decoded blocks kept in memory for later reads (the last few blocks). Default 4 MiB;
   * 0 keeps none (every read decodes its blocks again).
   */
  readonly blockCacheBytes?: number;
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
  /** Distinct stored values (after deduplication): bodies, documents and kept original texts. */
  readonly bodies: number;
  /** Their bytes before compression. */
  readonly bodyRawBytes: number;
  /** The bytes of the blocks that hold them (compressed). */
  readonly bodyStoredBytes: number;
  /** Blocks the values are packed into. */
  readonly blocks: number;
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
  style: string | null;
  original_codec: string | null;
  original_digest: string | null;
  // where the document and the original text are (null: a missing row, or no original)
  dk: number | null;
  dblock: number | null;
  doff: number | null;
  dsize: number | null;
  ok: number | null;
  oblock: number | null;
  ooff: number | null;
  osize: number | null;
}

/** One interaction row with where its bodies are: request (r), response (s), content (c). */
interface LoadedInteraction {
  position: number;
  rid: number | null;
  rk: number | null;
  rblock: number | null;
  roff: number | null;
  rsize: number | null;
  sid: number | null;
  sk: number | null;
  sblock: number | null;
  soff: number | null;
  ssize: number | null;
  cid: number | null;
  ck: number | null;
  cblock: number | null;
  coff: number | null;
  csize: number | null;
}

const token = (revision: number): string => `r${revision}`;

function location(
  kind: number | null,
  block: number | null,
  offset: number | null,
  size: number | null,
): ValueLocation | null {
  return kind === null || block === null || offset === null || size === null
    ? null
    : { kind, block, offset, size };
}

function slotLocation(r: LoadedInteraction, slot: BodySlot): ValueLocation | null {
  return slot === 'request'
    ? location(r.rk, r.rblock, r.roff, r.rsize)
    : slot === 'response'
      ? location(r.sk, r.sblock, r.soff, r.ssize)
      : location(r.ck, r.cblock, r.coff, r.csize);
}

const SLOTS: readonly BodySlot[] = ['request', 'response', 'content'];

const LOAD_CASSETTE = `
SELECT c.id AS id, c.revision AS revision, c.style AS style, c.original_codec AS original_codec,
  c.original_digest AS original_digest,
  d.kind AS dk, d.block AS dblock, d.offset AS doff, d.raw_size AS dsize,
  o.kind AS ok, o.block AS oblock, o.offset AS ooff, o.raw_size AS osize
FROM cassettes c
LEFT JOIN bodies d ON d.id = c.doc
LEFT JOIN bodies o ON o.id = c.original
WHERE c.name = ?`;

const LOAD_INTERACTIONS = `
SELECT i.position AS position,
  rb.id AS rid, rb.kind AS rk, rb.block AS rblock, rb.offset AS roff, rb.raw_size AS rsize,
  sb.id AS sid, sb.kind AS sk, sb.block AS sblock, sb.offset AS soff, sb.raw_size AS ssize,
  cb.id AS cid, cb.kind AS ck, cb.block AS cblock, cb.offset AS coff, cb.raw_size AS csize
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
    cassette: db.prepare<[string], CassetteRow>(LOAD_CASSETTE),
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
    docRefs: db.prepare<[number], { doc: number; original: number | null }>(
      'SELECT doc, original FROM cassettes WHERE id = ?',
    ),
  };
  const blobs = blobReader(db, new BlockCache(8, options.blockCacheBytes ?? 4 * 1024 * 1024));
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
          `INSERT INTO cassettes (name, revision, updated_at, doc, style, original_codec, original_digest,
             original, interaction_count, stored_bytes, raw_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        ),
        updateCassette: db.prepare(
          `UPDATE cassettes SET revision = ?, updated_at = ?, doc = ?, style = ?, original_codec = ?,
             original_digest = ?, original = ?, interaction_count = ?, stored_bytes = ?, raw_bytes = ? WHERE id = ?`,
        ),
        deleteCassette: db.prepare('DELETE FROM cassettes WHERE id = ?'),
        deleteInteractions: db.prepare('DELETE FROM interactions WHERE cassette_id = ?'),
        blobs: blobWriter(db),
        insertInteraction: db.prepare(
          `INSERT INTO interactions (cassette_id, position, method, uri, host, status, fingerprint,
             request_body, response_body, content_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ),
      };
  // Prepared once: a load of every cassette opens as many snapshots.
  const tx = { begin: db.prepare('BEGIN'), commit: db.prepare('COMMIT') };
  const hasValue = db.prepare<[Buffer], { id: number }>('SELECT id FROM bodies WHERE hash = ?');
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
        tx.begin.run();
        try {
          const result = fn();
          tx.commit.run();
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
        hint: 'The database was changed outside @cassettekit/sqlite; write the cassette again or restore the file',
        cause: error,
      },
    );
  };

  /** The bodies of one interaction row, by slot; `cache` shares decoded bodies within one read. */
  const bodiesOf = (row: LoadedInteraction, blocks: Map<number, Buffer>, cache: Map<number, Body>) => {
    return (slot: BodySlot): Body | undefined => {
      const at = slotLocation(row, slot);
      const id = slot === 'request' ? row.rid : slot === 'response' ? row.sid : row.cid;
      if (at === null || id === null) return undefined;
      const seen = cache.get(id);
      if (seen === undefined) {
        const value = blobs.value(at, blocks);
        cache.set(id, value);
        return value;
      }
      // Each interaction gets its own bytes: a caller may change one without changing another.
      return seen instanceof Uint8Array ? new Uint8Array(seen) : seen;
    };
  };

  /** The blocks a cassette's document, original and bodies are in; inside the read's snapshot. */
  const blocksOf = (row: CassetteRow, interactions: readonly LoadedInteraction[]) =>
    blobs.fetch([
      location(row.dk, row.dblock, row.doff, row.dsize),
      location(row.ok, row.oblock, row.ooff, row.osize),
      ...interactions.flatMap((r) => SLOTS.map((slot) => slotLocation(r, slot))),
    ]);

  /**
   * Blocks read inside a snapshot; a block that cannot be decoded is reported as the cassette's
   * error (INVALID_CASSETTE) after the snapshot, not as a failed read of the database.
   */
  const readBlocks = (fn: () => Map<number, Buffer>): { blocks: Map<number, Buffer>; error?: unknown } => {
    try {
      return { blocks: fn() };
    } catch (error) {
      if ((error as { code?: unknown })?.code?.toString().startsWith('SQLITE_')) throw error;
      return { blocks: new Map(), error };
    }
  };

  /** The document's text and the format columns of a cassette row. */
  const documentOf = (row: CassetteRow, blocks: Map<number, Buffer>) => {
    const doc = location(row.dk, row.dblock, row.doff, row.dsize);
    if (doc === null) throw new Error('the document row is missing');
    const text = blobs.value(doc, blocks);
    const originalAt = location(row.ok, row.oblock, row.ooff, row.osize);
    if (originalAt === null && row.original_codec !== null)
      throw new Error('the original text row is missing');
    const original = originalAt === null ? null : blobs.value(originalAt, blocks);
    if (typeof text !== 'string' || (original !== null && typeof original !== 'string')) {
      throw new Error('the stored document is not text');
    }
    const format = columnsToFormat({
      style: row.style,
      originalCodec: row.original_codec,
      originalDigest: row.original_digest,
      original,
    });
    return { text, format };
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
          if (row === undefined) return null;
          const interactions = s.interactions.all(row.id);
          return { row, interactions, ...readBlocks(() => blocksOf(row, interactions)) };
        },
        name,
      );
      if (found === null) return null;
      try {
        if (found.error !== undefined) throw found.error;
        const { blocks } = found;
        const cache = new Map<number, Body>();
        const rows = found.interactions;
        rows.forEach((r, i) => {
          if (r.position !== i) throw new Error(`interaction ${i} is missing`);
        });
        const { text, format } = documentOf(found.row, blocks);
        const data = rowsToCassette(text, rows.length, (position, slot) =>
          bodiesOf(rows[position]!, blocks, cache)(slot),
        );
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
      // Everything slow happens before the write lock: encoding, hashing, packing new values.
      const rows = cassetteToRows(cassette.data);
      const format = await formatToColumns(cassette, codecs);
      open();
      const doc = valueRow(rows.doc);
      const original = format.original === null ? null : valueRow(format.original);
      const distinct = new Map<string, ValueRow>();
      for (const v of [
        doc,
        ...(original === null ? [] : [original]),
        ...rows.interactions.flatMap((i) => i.bodies),
      ]) {
        const key = v.hash.toString('hex');
        if (!distinct.has(key)) distinct.set(key, v);
      }
      const missingOf = (ids: Map<string, number>): ValueRow[] =>
        [...distinct].filter(([key]) => !ids.has(key)).map(([, v]) => v);
      const planned = planBlocks(
        missingOf(
          await run(
            'put',
            () => {
              const ids = new Map<string, number>();
              for (const [key, v] of distinct) if (hasValue.get(v.hash) !== undefined) ids.set(key, 0);
              return ids;
            },
            name,
          ),
        ),
      );
      let rawBytes = 0;
      for (const v of distinct.values()) rawBytes += v.raw.length;

      return transaction(
        'put',
        () => {
          const head = ws.head.get(name);
          checkVersion(head === undefined ? null : token(head.revision), writeOptions, url, name);
          const revision = ws.bump.get()!.value;
          const released = head === undefined ? [] : releaseValues(head.id);
          if (head !== undefined) ws.deleteInteractions.run(head.id);
          // Looked up again under the lock: another writer may have added or dropped values since.
          const ids = ws.blobs.known(distinct.values());
          ws.blobs.store(missingOf(ids), planned, ids);
          const refer = (v: ValueRow): number => {
            const id = ids.get(v.hash.toString('hex'))!;
            ws.blobs.ref(id);
            return id;
          };
          const docId = refer(doc);
          const originalId = original === null ? null : refer(original);
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
          const storedBytes = ws.blobs.storedBytes(ids.values());
          const now = Date.now();
          const columns = [docId, format.style, format.originalCodec, format.originalDigest, originalId];
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
          ws.blobs.collect(released);
          ws.blobs.mergeIfDue();
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
          const released = releaseValues(head.id);
          ws.deleteInteractions.run(head.id);
          ws.deleteCassette.run(head.id);
          ws.blobs.collect(released);
          ws.blobs.mergeIfDue();
          return true;
        },
        name,
      );
    },

    async close() {
      if (closed) return;
      closed = true;
      blobs.cache.clear();
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
          if (head === undefined || row === undefined) return null;
          return { head, row, ...readBlocks(() => blocksOf(head, [row])) };
        },
        name,
      );
      if (found === null) return null;
      try {
        if (found.error !== undefined) throw found.error;
        const { blocks } = found;
        const data = fromTaggedJson(JSON.parse(documentOf(found.head, blocks).text) as TaggedJson);
        const list = isValueMap(data) ? data.interactions : undefined;
        const item = Array.isArray(list) ? list[index] : undefined;
        if (item === undefined) throw new Error(`interaction ${index} is not in the document`);
        fillBodies(item, bodiesOf(found.row, blocks, new Map()));
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
        bodies: db.prepare('SELECT count(*) AS n, coalesce(sum(raw_size), 0) AS raw FROM bodies').get() as {
          n: number;
          raw: number;
        },
        blocks: db
          .prepare('SELECT count(*) AS n, coalesce(sum(length(data)), 0) AS stored FROM blocks')
          .get() as {
          n: number;
          stored: number;
        },
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
        bodyStoredBytes: counts.blocks.stored,
        blocks: counts.blocks.n,
        fileBytes,
      };
    },
  };

  /** Drops one reference per use of a value by a cassette (body slots, document, original); the ids to collect. */
  function releaseValues(cassetteId: number): number[] {
    const ws = writer();
    const released: number[] = [];
    const release = (id: number | null): void => {
      if (id === null) return;
      ws.blobs.unref(id);
      released.push(id);
    };
    for (const r of s.bodyRefs.all(cassetteId)) {
      release(r.request_body);
      release(r.response_body);
      release(r.content_body);
    }
    const head = s.docRefs.get(cassetteId);
    release(head?.doc ?? null);
    release(head?.original ?? null);
    return released;
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
      create: (openOptions.create ?? false) && openOptions.readOnly !== true,
      readonly: mode === 'ro' || openOptions.readOnly === true,
    });
  },
};
