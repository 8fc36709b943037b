import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type Cassette, contentDigest } from '@cassettekit/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../src/index.js';
import { encodeBlock, MERGE_MAX_CANDIDATES, PACK_TARGET, planBlocks } from '../src/pack.js';
import { valueRow } from '../src/rows.js';
import { tempDir, valueProblems } from './support/backdoor.js';

let tmp: ReturnType<typeof tempDir>;
let path: string;
let store: SqliteStore;
beforeEach(async () => {
  tmp = tempDir();
  path = join(tmp.dir, 'p.db');
  store = await createSqliteStore({ path, create: true });
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

/** A cassette of `n` interactions with a shared prompt and `size` bytes of its own per reply. */
function cassette(seed: string, n: number, size: number): Cassette {
  const prompt = 'You are a helpful agent. Use the tools below. '.repeat(40);
  return {
    data: {
      interactions: Array.from({ length: n }, (_, i) => ({
        request: {
          body: `${prompt}${seed}:${i}`,
          headers: {},
          method: 'POST',
          uri: `https://api.example.com/${seed}`,
        },
        response: {
          body: { string: `${seed}:${i}:${randomBytes(size / 2).toString('hex')}` },
          headers: {},
          status: { code: 200, message: 'OK' },
        },
      })),
      version: 1,
    },
  };
}

/** Reply bytes per interaction: 40 writes of 4 interactions hold about 2.5 blocks' worth. */
const REPLY = PACK_TARGET / 64;

function tables<T>(sql: string): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

function problems(): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return valueProblems(db);
  } finally {
    db.close();
  }
}

describe('sqlite store: packed blocks', () => {
  it('packs values in order, large ones alone, and compresses only what shrinks', () => {
    const small = Array.from({ length: 30 }, (_, i) => valueRow(`value ${i} `.repeat(2000)));
    const big = valueRow(randomBytes(PACK_TARGET + 1));
    const blocks = planBlocks([...small.slice(0, 15), big, ...small.slice(15)]);
    // the large value alone (as it is: random bytes do not shrink), the small ones packed in order
    expect(blocks.map((b) => b.items.length)).toEqual([1, 30]);
    expect(blocks[0]!.items[0]!.item).toBe(big);
    expect(blocks[0]!.encoding).toBe(0);
    expect(blocks[1]!.items.map((i) => i.item)).toEqual(small);
    // less than a block: open, its bytes pending (raw) until a merge or the store's close compresses them
    expect(blocks[1]!.rawSize).toBeLessThan(PACK_TARGET);
    expect(blocks[1]!.encoding).toBe(2);
    expect(blocks[1]!.data.length).toBe(blocks[1]!.rawSize);
    const sealed = encodeBlock(blocks[1]!.data);
    expect(sealed.encoding).toBe(1);
    expect(sealed.data.length).toBeLessThan(blocks[1]!.rawSize / 20);
    for (const b of blocks) {
      let at = 0;
      for (const { item, offset } of b.items) {
        expect(offset).toBe(at);
        at += item.raw.length;
      }
      expect(b.rawSize).toBe(at);
    }
  });

  it('merges the blocks of small writes into full ones, and reads everything back', async () => {
    const written = new Map<string, string>();
    for (let i = 0; i < 40; i += 1) {
      const c = cassette(`c${i}`, 4, REPLY);
      await store.put(`c${i}`, c);
      written.set(`c${i}`, contentDigest(c.data));
    }
    const blocks = tables<{ raw_size: number }>('SELECT raw_size FROM blocks');
    // 40 writes, about 2.5 blocks' worth of values: full blocks, and what waits for the next merge:
    // less than a block's worth, in fewer blocks than make a merge due
    const open = blocks.filter((b) => b.raw_size < PACK_TARGET);
    expect(blocks.length - open.length).toBeGreaterThanOrEqual(2);
    expect(open.length).toBeLessThan(MERGE_MAX_CANDIDATES);
    expect(open.reduce((n, b) => n + b.raw_size, 0)).toBeLessThan(PACK_TARGET);
    for (const [name, digest] of written)
      expect(contentDigest((await store.get(name))!.cassette.data)).toBe(digest);
    expect(problems()).toEqual([]);
  }, 60_000); // many writes: seconds on a busy machine

  it('rewrites blocks that lost most of their values, and drops empty ones', async () => {
    // about 5 blocks' worth: a quarter of it, left, is more than a block's worth, which makes a merge due
    for (let i = 0; i < 80; i += 1) await store.put(`c${i}`, cassette(`c${i}`, 4, REPLY));
    const before = tables<{ n: number }>('SELECT sum(raw_size) AS n FROM blocks')[0]!.n;
    for (let i = 0; i < 80; i += 1) if (i % 4 !== 0) await store.delete(`c${i}`);
    const [after] = tables<{ raw: number; live: number }>(
      'SELECT sum(raw_size) AS raw, sum(live_size) AS live FROM blocks',
    );
    // more was deleted than dead bytes may stay: blocks were rewritten
    expect(before - after!.live).toBeGreaterThan(PACK_TARGET * 3);
    expect(after!.raw).toBeLessThan(before * 0.6);
    // dead bytes: at most half of the blocks still waiting for a merge
    expect(after!.raw - after!.live).toBeLessThanOrEqual(PACK_TARGET * 2);
    for (let i = 0; i < 80; i += 4)
      expect((await store.get(`c${i}`))!.cassette.data.interactions).toHaveLength(4);
    expect(problems()).toEqual([]);
    for (let i = 0; i < 80; i += 4) await store.delete(`c${i}`);
    expect(tables('SELECT id FROM blocks UNION ALL SELECT id FROM bodies')).toEqual([]);
  }, 60_000);

  it('reads right after another connection merged and dropped the blocks it had cached', async () => {
    const first = cassette('first', 2, 2000);
    await store.put('first', first);
    expect(contentDigest((await store.get('first'))!.cassette.data)).toBe(contentDigest(first.data));
    const other = await createSqliteStore({ path });
    const second = cassette('second', 2, 2000);
    await other.put('first', second);
    for (let i = 0; i < 30; i += 1) await other.put(`more${i}`, cassette(`more${i}`, 4, 8000));
    await other.close();
    expect(contentDigest((await store.get('first'))!.cassette.data)).toBe(contentDigest(second.data));
    for (let i = 0; i < 30; i += 1)
      expect((await store.get(`more${i}`))!.cassette.data.interactions).toHaveLength(4);
  }, 60_000);

  it('reports a damaged block as an invalid cassette, naming it', async () => {
    await store.put('a', cassette('a', 2, 2000));
    const db = new Database(path);
    db.prepare('UPDATE blocks SET data = ? WHERE encoding IN (1, 2)').run(Buffer.from('not brotli'));
    db.close();
    const fresh = await createSqliteStore({ path });
    await expect(fresh.get('a')).rejects.toMatchObject({ code: 'INVALID_CASSETTE', cassette: 'a' });
    await fresh.close();
  });
});
