import type Database from 'better-sqlite3';
import {
  BlockCache,
  BlockEncoding,
  decodeBlock,
  encodeBlock,
  MERGE_MAX_CANDIDATES,
  PACK_TARGET,
  type PlannedBlock,
  planBlocks,
} from './pack.js';
import { decodeValue, type ValueRow, valueCrc } from './rows.js';

/**
 * The values of a database (bodies, documents, original texts) in their packed blocks: reading them
 * through a cache of decoded blocks, and, inside a write transaction, adding references, dropping
 * values with their last reference and merging small or half-empty blocks.
 */

/** Where a value is: its block, its bytes there, and the CRC they must have. */
export interface ValueLocation {
  readonly kind: number;
  readonly block: number;
  readonly offset: number;
  readonly size: number;
  /** CRC-32 over kind and bytes (`bodies.crc`): a value is checked against it on every read. */
  readonly crc: number;
}

export type BlobReader = ReturnType<typeof blobReader>;

export function blobReader(db: Database.Database, cache = new BlockCache()) {
  const block = db.prepare<[number], { encoding: number; raw_size: number; data: Buffer }>(
    'SELECT encoding, raw_size, data FROM blocks WHERE id = ?',
  );
  /**
   * A block's raw bytes; must run inside the read's snapshot. Decoding on libuv's thread pool
   * (async, several blocks at once) was measured too: no faster on the corpus, slower for one read.
   */
  const raw = (id: number): Buffer => {
    let bytes = cache.get(id);
    if (bytes === undefined) {
      const row = block.get(id);
      if (row === undefined) throw new Error(`block ${id} is missing`);
      bytes = decodeBlock(row.encoding, row.data, row.raw_size);
      cache.set(id, bytes);
    }
    return bytes;
  };
  return {
    /** The raw bytes of the blocks of `values`, by block id. */
    fetch(values: Iterable<ValueLocation | null>): Map<number, Buffer> {
      const blocks = new Map<number, Buffer>();
      for (const v of values) if (v !== null && !blocks.has(v.block)) blocks.set(v.block, raw(v.block));
      return blocks;
    },
    value(v: ValueLocation, blocks: Map<number, Buffer>) {
      const bytes = blocks.get(v.block);
      if (bytes === undefined || v.offset + v.size > bytes.length) {
        throw new Error(`block ${v.block} does not hold ${v.size} bytes at ${v.offset}`);
      }
      const raw = bytes.subarray(v.offset, v.offset + v.size);
      if (valueCrc(v.kind, raw) !== v.crc) {
        throw new Error(`a value in block ${v.block} does not match its CRC (the file is damaged)`);
      }
      return decodeValue(v.kind, raw);
    },
    cache,
  };
}

/** The most live bytes one merge rewrites. */
const MERGE_MAX_BYTES = 4 * PACK_TARGET;

export type BlobWriter = ReturnType<typeof blobWriter>;

/** The write side; every method runs inside the caller's write transaction. */
export function blobWriter(db: Database.Database) {
  const s = {
    find: db.prepare<[Buffer], { id: number }>('SELECT id FROM bodies WHERE hash = ?'),
    ref: db.prepare('UPDATE bodies SET refs = refs + 1 WHERE id = ?'),
    unref: db.prepare('UPDATE bodies SET refs = refs - 1 WHERE id = ?'),
    drop: db.prepare<[number], { block: number; raw_size: number }>(
      'DELETE FROM bodies WHERE id = ? AND refs <= 0 RETURNING block, raw_size',
    ),
    insertBlock: db.prepare<[number, number, number, Buffer], { id: number }>(
      'INSERT INTO blocks (encoding, raw_size, live_size, data) VALUES (?, ?, ?, ?) RETURNING id',
    ),
    shrink: db.prepare<[number, number], { live_size: number }>(
      'UPDATE blocks SET live_size = live_size - ? WHERE id = ? RETURNING live_size',
    ),
    deleteBlock: db.prepare('DELETE FROM blocks WHERE id = ?'),
    occupied: db.prepare<[number], { one: number }>('SELECT 1 AS one FROM bodies WHERE block = ? LIMIT 1'),
    insertValue: db.prepare<[Buffer, number, number, number, number, number], { id: number }>(
      'INSERT INTO bodies (hash, kind, raw_size, refs, block, offset, crc) VALUES (?, ?, ?, 0, ?, ?, ?) RETURNING id',
    ),
    move: db.prepare('UPDATE bodies SET block = ?, offset = ? WHERE id = ?'),
    candidates: db.prepare<[], { id: number; live_size: number }>(
      'SELECT id, live_size FROM blocks WHERE open = 1 ORDER BY id',
    ),
    block: db.prepare<[number], { encoding: number; raw_size: number; data: Buffer }>(
      'SELECT encoding, raw_size, data FROM blocks WHERE id = ?',
    ),
    inBlock: db.prepare<[number], { id: number; offset: number; raw_size: number }>(
      'SELECT id, offset, raw_size FROM bodies WHERE block = ? ORDER BY offset',
    ),
    share: db.prepare<[number], { size: number; stored: number; raw: number }>(
      `SELECT b.raw_size AS size, length(k.data) AS stored, k.raw_size AS raw
       FROM bodies b JOIN blocks k ON k.id = b.block WHERE b.id = ?`,
    ),
  };

  /** Writes blocks and their values (with no references yet); the ids by hash. */
  const insert = (blocks: readonly PlannedBlock<ValueRow>[], ids: Map<string, number>): void => {
    for (const b of blocks) {
      const live = b.items.reduce((n, i) => n + i.item.raw.length, 0);
      const block = s.insertBlock.get(b.encoding, b.rawSize, live, b.data)!.id;
      for (const { item, offset } of b.items) {
        ids.set(
          item.hash.toString('hex'),
          s.insertValue.get(item.hash, item.kind, item.raw.length, block, offset, item.crc)!.id,
        );
      }
    }
  };

  return {
    /** The ids of the values already stored, by hash (hex); the others are missing. */
    known(values: Iterable<ValueRow>): Map<string, number> {
      const ids = new Map<string, number>();
      for (const v of values) {
        const key = v.hash.toString('hex');
        if (ids.has(key)) continue;
        const found = s.find.get(v.hash);
        if (found !== undefined) ids.set(key, found.id);
      }
      return ids;
    },

    /**
     * Stores `missing` (values not in the database, distinct): as `planned`, compressed before the
     * write lock, when that was planned for exactly these values; else packed now (another writer
     * added or dropped some of them in between). Adds their ids to `ids`.
     */
    store(
      missing: readonly ValueRow[],
      planned: readonly PlannedBlock<ValueRow>[],
      ids: Map<string, number>,
    ): void {
      const plannedKeys = new Set(planned.flatMap((b) => b.items.map((i) => i.item.hash.toString('hex'))));
      const same =
        plannedKeys.size === missing.length && missing.every((v) => plannedKeys.has(v.hash.toString('hex')));
      insert(same ? planned : planBlocks(missing), ids);
    },

    ref(id: number): void {
      s.ref.run(id);
    },

    unref(id: number): void {
      s.unref.run(id);
    },

    /** Drops the values among `ids` that lost their last reference, and blocks left empty. */
    collect(ids: Iterable<number>): void {
      for (const id of new Set(ids)) {
        const dropped = s.drop.get(id);
        if (dropped === undefined) continue;
        const left = s.shrink.get(dropped.raw_size, dropped.block);
        // No live bytes is not no live values: an empty value (size 0) may still sit in the block.
        if (left !== undefined && left.live_size <= 0 && s.occupied.get(dropped.block) === undefined) {
          s.deleteBlock.run(dropped.block);
        }
      }
    },

    /**
     * Merges the open blocks (fresh blocks of small writes, the rest of the last merge, blocks that
     * lost most of their values) into full blocks, once they hold PACK_TARGET live bytes or are
     * MERGE_MAX_CANDIDATES: compressing a full block is paid about once, not at every write, and
     * dead space stays under half of a block until the next merge.
     */
    mergeIfDue(): void {
      const candidates: { id: number; live_size: number }[] = [];
      let live = 0;
      for (const c of s.candidates.iterate()) {
        candidates.push(c);
        live += c.live_size;
        if (live >= MERGE_MAX_BYTES) break; // the rest at a later write: one write stays short
      }
      if (candidates.length < 2 || (live < PACK_TARGET && candidates.length < MERGE_MAX_CANDIDATES)) return;
      const items: (ValueRow & { id: number })[] = [];
      for (const c of candidates) {
        const row = s.block.get(c.id)!;
        const bytes = decodeBlock(row.encoding, row.data, row.raw_size);
        for (const v of s.inBlock.all(c.id)) {
          // kind, hash and CRC are not needed to place bytes: the rows keep them
          items.push({
            id: v.id,
            kind: 1,
            hash: Buffer.alloc(0),
            crc: 0,
            raw: bytes.subarray(v.offset, v.offset + v.raw_size),
          });
        }
      }
      for (const b of planBlocks(items)) {
        const block = s.insertBlock.get(b.encoding, b.rawSize, b.rawSize, b.data)!.id;
        for (const { item, offset } of b.items) s.move.run(block, offset, item.id);
      }
      for (const c of candidates) s.deleteBlock.run(c.id);
      // The old blocks' pages back to the file system (no-op in a file without auto_vacuum).
      db.pragma('incremental_vacuum');
    },

    /** The compressed bytes that the values `ids` take: each its share of its block. */
    storedBytes(ids: Iterable<number>): number {
      let total = 0;
      for (const id of new Set(ids)) {
        const r = s.share.get(id);
        if (r !== undefined) total += r.raw === 0 ? 0 : (r.size * r.stored) / r.raw;
      }
      return Math.round(total);
    },
  };
}

/**
 * Compresses the pending blocks (open blocks small writes left raw) in place: same id, same raw
 * bytes, so values, offsets and cached blocks stay valid. Run when a writable store closes. Best
 * effort: the compression happens before the lock, and a busy database, a full disk or a block
 * another connection merged meanwhile only leaves bytes uncompressed until the next merge or close.
 */
export function sealPendingBlocks(db: Database.Database): void {
  try {
    const pending = db
      .prepare<[number], { id: number; data: Buffer }>(
        'SELECT id, data FROM blocks WHERE open = 1 AND encoding = ?',
      )
      .all(BlockEncoding.pending);
    if (pending.length === 0) return;
    const sealed = pending.map((b) => ({ id: b.id, ...encodeBlock(b.data) }));
    const update = db.prepare('UPDATE blocks SET encoding = ?, data = ? WHERE id = ? AND encoding = ?');
    db.pragma('busy_timeout = 200');
    db.transaction(() => {
      for (const b of sealed) update.run(b.encoding, b.data, b.id, BlockEncoding.pending);
    }).immediate();
    // the raw bytes' pages back to the file system
    db.pragma('incremental_vacuum');
  } catch {
    // the bytes stay pending: correct, only larger
  }
}
