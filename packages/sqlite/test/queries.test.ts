import { join } from 'node:path';
import { type Cassette, contentDigest, requestFingerprint, type ValueMap } from '@cassettekit/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../src/index.js';
import { readCassette, tempDir } from './support/backdoor.js';

let tmp: ReturnType<typeof tempDir>;
let path: string;
let store: SqliteStore;
beforeEach(async () => {
  tmp = tempDir();
  path = join(tmp.dir, 'q.db');
  store = await createSqliteStore({ path, create: true });
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

function cassette(
  ...exchanges: [method: string, uri: string, body: string | null, status: number, reply: string][]
): Cassette {
  return {
    data: {
      interactions: exchanges.map(([method, uri, body, status, reply]) => ({
        request: { body, headers: {}, method, uri },
        response: { body: { string: reply }, headers: {}, status: { code: status, message: '' } },
      })),
      version: 1,
    },
  };
}

function raw<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe('sqlite store: queries beyond the contract', () => {
  beforeEach(async () => {
    await store.put(
      'openai/chat',
      cassette(
        ['POST', 'https://api.openai.com/v1/chat/completions', '{"q":1}', 200, 'a'],
        ['POST', 'https://api.openai.com/v1/chat/completions', '{"q":1}', 429, 'slow down'],
        ['GET', 'https://API.openai.com:443/v1/models?b=2&a=1', null, 200, 'models'],
      ),
    );
    await store.put('other/site', cassette(['get', 'https://example.com/x', null, 404, 'nope']));
  });

  it('finds interactions by the core request fingerprint, in cassette order', async () => {
    const fp = requestFingerprint({
      method: 'POST',
      uri: 'https://api.openai.com/v1/chat/completions',
      body: '{"q":1}',
    });
    const found = await store.findByFingerprint(fp);
    expect(found.map((m) => [m.cassette, m.index, m.status])).toEqual([
      ['openai/chat', 0, 200],
      ['openai/chat', 1, 429],
    ]);
    expect(found[0]!.version).toBe((await store.get('openai/chat'))!.version);
    // The fingerprint normalises the URI: host case, default port, query order.
    const models = requestFingerprint({
      method: 'GET',
      uri: 'https://api.openai.com/v1/models?a=1&b=2',
      body: null,
    });
    expect((await store.findByFingerprint(models)).map((m) => m.index)).toEqual([2]);
    expect(await store.findByFingerprint('0'.repeat(32))).toEqual([]);
  });

  it('finds by method and URI, URI prefix, host and status', async () => {
    const uris = (ms: { cassette: string; index: number }[]) => ms.map((m) => `${m.cassette}#${m.index}`);
    expect(
      uris(
        await store.findInteractions({ method: 'post', uri: 'https://api.openai.com/v1/chat/completions' }),
      ),
    ).toEqual(['openai/chat#0', 'openai/chat#1']);
    expect(uris(await store.findInteractions({ uriPrefix: 'https://api.openai.com/v1/' }))).toEqual([
      'openai/chat#0',
      'openai/chat#1',
    ]);
    expect(uris(await store.findInteractions({ host: 'API.OpenAI.com' }))).toEqual([
      'openai/chat#0',
      'openai/chat#1',
      'openai/chat#2',
    ]);
    expect(uris(await store.findInteractions({ status: 404 }))).toEqual(['other/site#0']);
    expect(uris(await store.findInteractions({ method: 'GET' }))).toEqual(['openai/chat#2', 'other/site#0']);
    expect(uris(await store.findInteractions({ host: 'api.openai.com', status: 200, limit: 1 }))).toEqual([
      'openai/chat#0',
    ]);
  });

  it('answers queries from the index, without reading cassettes', () => {
    const db = new Database(path, { readonly: true });
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    expect(plan("SELECT * FROM interactions WHERE fingerprint = 'x'")).toContain('interactions_fingerprint');
    expect(plan("SELECT * FROM interactions WHERE uri = 'x' AND method = 'GET'")).toContain(
      'interactions_uri',
    );
    expect(plan("SELECT * FROM interactions WHERE host = 'x'")).toContain('interactions_host');
    expect(plan('SELECT * FROM interactions WHERE status = 200')).toContain('interactions_status');
    db.close();
  });

  it('reads one interaction without its cassette', async () => {
    const one = await store.getInteraction('openai/chat', 1);
    expect(one?.response).toEqual({
      body: { string: 'slow down' },
      headers: {},
      status: { code: 429, message: '' },
    });
    expect(await store.getInteraction('openai/chat', 9)).toBeNull();
    expect(await store.getInteraction('missing', 0)).toBeNull();
  });

  it('lists cassettes with interaction counts and sizes', async () => {
    const list = await store.listCassettes();
    expect(list.map((c) => [c.name, c.interactions])).toEqual([
      ['openai/chat', 3],
      ['other/site', 1],
    ]);
    for (const c of list) {
      expect(c.storedBytes).toBeGreaterThan(0);
      expect(c.rawBytes).toBeGreaterThan(0);
      expect(c.version).toMatch(/^r\d+$/);
    }
    expect((await store.listCassettes({ prefix: 'other/' })).map((c) => c.name)).toEqual(['other/site']);
    const stats = await store.databaseStats();
    expect(stats).toMatchObject({ cassettes: 2, interactions: 4 });
    expect(stats.fileBytes).toBeGreaterThan(0);
  });
});

describe('sqlite store: bodies', () => {
  it('stores each body once across the database and drops it with its last reference', async () => {
    const big = 'the same long prompt '.repeat(500);
    await store.put('a', cassette(['POST', 'https://x/1', big, 200, big]));
    await store.put('b', cassette(['POST', 'https://x/2', big, 200, 'other']));
    // The bodies (the documents are values of the same table).
    const rows = () =>
      raw<{ refs: number; raw_size: number; stored: number; encoding: number }>(
        `SELECT b.refs, b.raw_size, length(k.data) AS stored, k.encoding FROM bodies b JOIN blocks k ON k.id = b.block
         WHERE b.id NOT IN (SELECT doc FROM cassettes) ORDER BY b.raw_size DESC`,
      );
    expect(rows().map((r) => r.refs)).toEqual([3, 1]);
    // Small writes leave their values pending (raw) for a merge; closing the store compresses them.
    expect(rows()[0]!.encoding).toBe(2);
    await store.close();
    store = await createSqliteStore({ path });
    expect(rows()[0]!.encoding).toBe(1);
    expect(rows()[0]!.stored).toBeLessThan(rows()[0]!.raw_size / 10);
    await store.put('a', cassette(['POST', 'https://x/1', null, 200, 'short']));
    expect(rows().map((r) => r.refs)).toEqual([1, 1, 1]);
    await store.delete('b');
    expect(rows().map((r) => r.refs)).toEqual([1]);
    await store.delete('a');
    expect(rows()).toEqual([]);
    // Nothing left behind: no value, no block.
    expect(raw('SELECT id FROM bodies UNION ALL SELECT id FROM blocks')).toEqual([]);
  });

  it('keeps text, bytes, lone surrogates, the httpx-era content and $ keys apart', async () => {
    const data: ValueMap = {
      $weird: { $bytes: 'not a tag' },
      interactions: [
        {
          request: {
            body: new Uint8Array([0, 1, 255]),
            headers: { h: [new Uint8Array([9])] },
            method: 'PUT',
            uri: 'u',
          },
          response: { content: 'lone \ud800 surrogate', status_code: 201, headers: {} },
        },
        {
          request: { body: 'text', method: 'GET', uri: 'https://h/' },
          response: { body: { string: new Uint8Array([0, 1, 255]), $x: 1 }, status: { code: 200 } },
        },
        { request: { body: null }, response: { body: { string: null } } },
        'not an interaction',
      ],
      version: 1,
    };
    await store.put('odd', { data });
    const got = (await store.get('odd'))!.cassette.data;
    expect(contentDigest(got)).toBe(contentDigest(data));
    expect(Object.keys(got)).toEqual(['$weird', 'interactions', 'version']);
    const db = new Database(path, { readonly: true });
    expect(contentDigest(readCassette(db, 'odd')!)).toBe(contentDigest(data));
    db.close();
    // bytes [0,1,255] as request and as response body: one row
    expect(raw<{ n: number }>('SELECT count(*) AS n FROM bodies WHERE kind = 2')[0]!.n).toBe(1);
    expect(
      raw<{ kind: number }>(
        'SELECT kind FROM bodies WHERE id NOT IN (SELECT doc FROM cassettes) ORDER BY kind',
      ).map((r) => r.kind),
    ).toEqual([1, 2, 3]);
  });
});

describe('sqlite store: cassette.format', () => {
  it('keeps the style, and the original text only when no style reproduces it', async () => {
    const data = cassette(['GET', 'https://x/', null, 200, 'ok']).data;
    const style = { codec: 'yaml', dumper: 'libyaml', width: 80, unicode: false };
    await store.put('styled', { data, format: { style } });
    expect((await store.get('styled'))!.cassette.format).toEqual({ style });

    const original = { codec: 'yaml', text: 'hand: written\n', digest: contentDigest(data) };
    await store.put('hand', { data, format: { original } });
    expect((await store.get('hand'))!.cassette.format).toEqual({ original });
    expect(raw<{ n: number }>('SELECT count(original) AS n FROM cassettes')[0]!.n).toBe(1);

    await store.put('plain', { data });
    expect((await store.get('plain'))!.cassette.format).toBeUndefined();
  });

  it('uses a codec that reproduces the original to drop it', async () => {
    const data = cassette(['GET', 'https://x/', null, 200, 'ok']).data;
    const text = 'same text\n';
    const style = { codec: 'fake', mode: 'exact' };
    const codecs = async () => ({
      encode: (c: Cassette) => (c.format?.style?.mode === 'exact' ? text : 'other'),
      detectStyle: () => style,
    });
    const other = await createSqliteStore({ path, codecs });
    await other.put('reproduced', {
      data,
      format: { original: { codec: 'fake', text, digest: contentDigest(data) } },
    });
    expect((await other.get('reproduced'))!.cassette.format).toEqual({ style });
    await other.close();
  });
});
