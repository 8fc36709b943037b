import { resolve } from 'node:path';
import { defineStore } from '@cassettekit/core';
import { type BlobReader, blobReader, sealPendingBlocks } from './blobs.js';
import { createChecker } from './check.js';
import { defaultCodecs } from './format.js';
import { openDatabase } from './open.js';
import { BlockCache } from './pack.js';
import { createQueries } from './queries.js';
import { createReader } from './read.js';
import { createSession, type Session } from './session.js';
import { translate } from './sqlite-errors.js';
import { type ReadStatements, readStatements } from './statements.js';
import type { SqliteStore, SqliteStoreOptions } from './types.js';
import { createWriter } from './write.js';

/**
 * A cassette store in one SQLite file (better-sqlite3). Every write is one `BEGIN IMMEDIATE`
 * transaction; `ifVersion` compares the cassette's revision inside it, so it holds across processes.
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const path = resolve(options.path);
  const url = options.url ?? `sqlite:${options.path}`;
  const readOnly = options.readOnly ?? false;
  const retryForMs = options.retryForMs ?? 60_000;
  const { db, readOnlyReason } = await openDatabase({
    path,
    url,
    create: options.create ?? false,
    readOnly,
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
    retryForMs,
  });
  const capabilities = {
    crossProcessConditionalWrites: true,
    keepsFormat: true,
    persistent: true,
    selfCheck: true,
  } as const;
  const store = defineStore((guard) => {
    let session: Session;
    let statements: ReadStatements;
    let blobs: BlobReader;
    try {
      session = createSession(db, { url, path, retryForMs, ensureOpen: () => guard.assertOpen() });
      statements = readStatements(db);
      blobs = blobReader(db, new BlockCache(8, options.blockCacheBytes ?? 4 * 1024 * 1024));
    } catch (error) {
      // A statement that does not compile: the schema itself is damaged.
      db.close();
      throw translate(error, url, path, 'open');
    }
    const reader = createReader(session, statements, blobs);
    const writer = createWriter(session, statements, options.codecs ?? defaultCodecs);
    const queries = createQueries(session, statements);
    return {
      url,
      capabilities,
      readOnly: readOnlyReason !== undefined,
      ...(readOnlyReason === undefined
        ? {}
        : { writableHint: `${readOnlyReason.message}. ${readOnlyReason.hint}` }),
      list: queries.list,
      get: reader.get,
      put: writer.put,
      delete: writer.delete,
      close() {
        blobs.cache.clear();
        if (readOnlyReason === undefined) sealPendingBlocks(db);
        session.close();
      },
      extras: {
        path,
        findInteractions: queries.findInteractions,
        findByFingerprint: (fingerprint: string) => queries.findInteractions({ fingerprint }),
        getInteraction: reader.getInteraction,
        listCassettes: queries.listCassettes,
        databaseStats: queries.databaseStats,
        check: createChecker(session, statements, blobs),
      },
    };
  });
  // defineStore types the capabilities as the contract's; the object is the one above, selfCheck included.
  return store as typeof store & { readonly capabilities: typeof capabilities };
}
