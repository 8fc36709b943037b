import { brotliCompressSync, brotliDecompressSync, constants as zlib } from 'node:zlib';

/**
 * Packing: stored values (bodies, documents, original texts) are compressed many at a time, in
 * blocks of about PACK_TARGET raw bytes, so that brotli sees what cassettes share with each other
 * (the same prompts, headers, JSON shapes, base64 of the same test file). Measured on the crewAI
 * corpus (3.9 MB of values): one value at a time 1.29 MB, one block per cassette 0.78 MB, 256 KB
 * blocks 0.63 MB, 512 KB blocks 0.56 MB, the whole corpus at once 0.43 MB; decoding all the blocks
 * takes about half the time of decoding the values one by one. A shared deflate dictionary (32 KB,
 * trained on the corpus) reached only 1.04 MB: deflate's 32 KB window misses the repeats. Pure
 * functions and a cache, no database.
 */

/**
 * Raw bytes a block is filled to; a block this large is full, and a value this large gets a block of
 * its own. Larger blocks compress better but make reading one cassette slower. The schema's
 * `blocks.open` column has this number: changing it needs a new schema version.
 */
export const PACK_TARGET = 1024 * 1024;
/**
 * A block is open, a merge candidate, while it is not full (a fresh block of a small write, the rest
 * of a merge) or holds more dead bytes than live ones (its values were dropped).
 */
export const OPEN_BLOCK = `raw_size < ${PACK_TARGET} OR live_size * 2 < raw_size`;
/** Merge once the open blocks hold PACK_TARGET live bytes, or are this many (bounds dead space). */
export const MERGE_MAX_CANDIDATES = 16;
/**
 * Brotli quality. Measured on the crewAI corpus in 1 MB blocks: 4 makes 2 % more bytes than 5, but
 * compresses in 3/4 of the time and decodes in 2/3 (no context modeling), and decoding is the largest
 * part of a load; 9 saves 1.5 % more than 5 at several times the cost.
 */
export const BROTLI_QUALITY = 4;
/** Compressed data is kept only when at most this fraction of the raw size (else reading it costs for nothing). */
export const COMPRESS_MAX_RATIO = 0.9;

/**
 * How a block's data is encoded: `raw` (compression would not shrink it), `brotli`, or `pending`:
 * raw bytes of an open block not compressed yet. Small writes leave their values pending; a merge
 * compresses them into full blocks, and closing the store compresses what is still pending
 * ({@link sealBlock}): each byte is compressed about once, not once per write and again per merge.
 */
export const BlockEncoding = { raw: 0, brotli: 1, pending: 2 } as const;
export type BlockEncoding = (typeof BlockEncoding)[keyof typeof BlockEncoding];

/** One value to store: its bytes and its dedup key. */
export interface PackItem {
  readonly hash: Buffer;
  readonly raw: Buffer;
}

export interface PlannedBlock<T extends PackItem = PackItem> {
  readonly encoding: BlockEncoding;
  readonly rawSize: number;
  readonly data: Buffer;
  /** Where each value starts in the raw bytes, in order. */
  readonly items: readonly { readonly item: T; readonly offset: number }[];
}

/**
 * Blocks for `items`, in their order: large values alone, the others concatenated up to PACK_TARGET.
 * The order matters: the values of one cassette, next to each other, share the most. Full blocks are
 * compressed; the last, open one stays pending (a merge or the store's close compresses it).
 */
export function planBlocks<T extends PackItem>(items: readonly T[]): PlannedBlock<T>[] {
  const blocks: PlannedBlock<T>[] = [];
  let pending: T[] = [];
  let size = 0;
  const flush = (): void => {
    if (pending.length === 0) return;
    blocks.push(packBlock(pending));
    pending = [];
    size = 0;
  };
  for (const item of items) {
    if (item.raw.length >= PACK_TARGET) {
      blocks.push(packBlock([item]));
      continue;
    }
    pending.push(item);
    size += item.raw.length;
    if (size >= PACK_TARGET) flush();
  }
  flush();
  return blocks;
}

/** One block holding `items` back to back; compressed when full, else pending. */
export function packBlock<T extends PackItem>(items: readonly T[]): PlannedBlock<T> {
  let offset = 0;
  const placed = items.map((item) => {
    const at = { item, offset };
    offset += item.raw.length;
    return at;
  });
  const raw =
    items.length === 1
      ? items[0]!.raw
      : Buffer.concat(
          items.map((i) => i.raw),
          offset,
        );
  const encoded =
    raw.length >= PACK_TARGET ? encodeBlock(raw) : { encoding: BlockEncoding.pending, data: raw };
  return { ...encoded, rawSize: raw.length, items: placed };
}

export function encodeBlock(raw: Buffer): { encoding: BlockEncoding; data: Buffer } {
  if (raw.length > 0) {
    const packed = brotliCompressSync(raw, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        // A window just large enough for the block: the decoder allocates no more than it needs.
        [zlib.BROTLI_PARAM_LGWIN]: Math.min(24, Math.max(16, Math.ceil(Math.log2(raw.length)))),
        [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    if (packed.length <= raw.length * COMPRESS_MAX_RATIO)
      return { encoding: BlockEncoding.brotli, data: packed };
  }
  return { encoding: BlockEncoding.raw, data: raw };
}

/** A block's raw bytes; throws when they are not `rawSize` bytes (a damaged block). */
export function decodeBlock(encoding: number, data: Buffer, rawSize: number): Buffer {
  let raw: Buffer;
  if (encoding === BlockEncoding.raw || encoding === BlockEncoding.pending) raw = data;
  // One output chunk of the known size: no concatenation of 16 KB pieces (12 % faster on the corpus).
  else if (encoding === BlockEncoding.brotli)
    raw = brotliDecompressSync(data, { chunkSize: Math.max(64, rawSize) });
  else throw new Error(`unknown block encoding ${encoding}`);
  if (raw.length !== rawSize) throw new Error(`a block decodes to ${raw.length} bytes, not ${rawSize}`);
  return raw;
}

/**
 * The last few decoded blocks. Safe across processes: a block is never changed, and its id is never
 * given to another block (AUTOINCREMENT), so an id always means the same bytes. Loading cassettes in
 * the order they were written decodes each block about once.
 */
export class BlockCache {
  readonly #blocks = new Map<number, Buffer>();
  #bytes = 0;

  constructor(
    private readonly maxBlocks = 8,
    private readonly maxBytes = 4 * 1024 * 1024,
  ) {}

  get(id: number): Buffer | undefined {
    const block = this.#blocks.get(id);
    if (block !== undefined) {
      // most recently used last
      this.#blocks.delete(id);
      this.#blocks.set(id, block);
    }
    return block;
  }

  set(id: number, block: Buffer): void {
    // a block larger than half the cache would push out all the others
    if (block.length > this.maxBytes / 2 || this.#blocks.has(id)) return;
    this.#blocks.set(id, block);
    this.#bytes += block.length;
    for (const [oldest, bytes] of this.#blocks) {
      if (this.#blocks.size <= this.maxBlocks && this.#bytes <= this.maxBytes) break;
      this.#blocks.delete(oldest);
      this.#bytes -= bytes.length;
    }
  }

  clear(): void {
    this.#blocks.clear();
    this.#bytes = 0;
  }
}
