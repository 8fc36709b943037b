import { statSync } from 'node:fs';
import { type CassetteEntry, type ListOptions, nameHasPrefix } from '@cassettekit/core';
import type Database from 'better-sqlite3';
import type { Session } from './session.js';
import { translate } from './sqlite-errors.js';
import { type ListRecord, type ReadStatements, versionToken } from './statements.js';
import type { CassetteStats, DatabaseStats, InteractionMatch, InteractionQuery } from './types.js';

/** Answers from the index tables alone, without loading a cassette: listings, lookups, sizes. */
export interface IndexQueries {
  list(options?: ListOptions): AsyncIterable<CassetteEntry>;
  findInteractions(query: InteractionQuery): Promise<InteractionMatch[]>;
  listCassettes(options?: ListOptions): Promise<CassetteStats[]>;
  databaseStats(): Promise<DatabaseStats>;
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

const byName = (a: ListRecord, b: ListRecord): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function createQueries(session: Session, statements: ReadStatements): IndexQueries {
  const { db, path } = session;
  const queryCache = new Map<string, Database.Statement<unknown[], MatchRow>>();

  /** The cassettes table in name order, filtered by prefix. */
  const listed = async (options: ListOptions): Promise<ListRecord[]> => {
    session.ensureOpen();
    const rows = await session.run('list', () => statements.list.all());
    // A damaged row can read back without a name (NULL, a number): no cassette could be named by it.
    if (rows.some((r) => typeof r.name !== 'string' || r.name === '')) {
      const damaged = Object.assign(new Error('a cassette row has no name'), { code: 'SQLITE_CORRUPT' });
      throw translate(damaged, session.url, path, 'list');
    }
    return rows.filter((r) => nameHasPrefix(r.name, options.prefix)).sort(byName);
  };

  return {
    async *list(options: ListOptions = {}) {
      for (const r of await listed(options)) {
        yield {
          name: r.name,
          version: versionToken(r.revision),
          size: r.stored_bytes,
          updatedAt: new Date(r.updated_at),
        };
      }
    },

    async findInteractions(query) {
      session.ensureOpen();
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
      const rows = await session.run('query', () => found.all(...params));
      return rows.map(toMatch);
    },

    async listCassettes(options: ListOptions = {}) {
      return (await listed(options)).map((r) => ({
        name: r.name,
        version: versionToken(r.revision),
        interactions: r.interaction_count,
        storedBytes: r.stored_bytes,
        rawBytes: r.raw_bytes,
        updatedAt: new Date(r.updated_at),
      }));
    },

    async databaseStats() {
      session.ensureOpen();
      const counts = await session.snapshot('stats', () => ({
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
          .get() as { n: number; stored: number },
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
    version: versionToken(r.revision),
  };
}
