import {
  assertValidName,
  type Body,
  type Cassette,
  createError,
  type InteractionData,
  isValueMap,
  type StoredCassette,
} from '@cassettekit/core';
import type { BlobReader } from './blobs.js';
import { columnsToFormat } from './format.js';
import { type BodySlot, fillBodies, parseDocument, rowsToCassette } from './rows.js';
import type { Session } from './session.js';
import { translate } from './sqlite-errors.js';
import {
  type CassetteRecord,
  documentLocation,
  type InteractionRecord,
  originalLocation,
  type ReadStatements,
  recordsChecksum,
  SLOTS,
  slotLocation,
  slotValueId,
  versionToken,
} from './statements.js';

/** Reading cassettes back from their rows and packed values: a whole cassette, or one interaction. */
export interface CassetteReader {
  get(name: string): Promise<StoredCassette | null>;
  getInteraction(name: string, index: number): Promise<InteractionData | null>;
}

type Blocks = Map<number, Buffer>;

export function createReader(
  session: Session,
  statements: ReadStatements,
  blobs: BlobReader,
): CassetteReader {
  const { url, path } = session;

  /** A cassette whose rows cannot be put back together: INVALID_CASSETTE naming it (SQLite errors translated). */
  const invalid = (name: string, error: unknown) => {
    const translated = translate(error, url, path, 'read', name);
    if (translated !== error) return translated;
    return createError(
      'INVALID_CASSETTE',
      `its rows in ${path} cannot be read: ${(error as Error)?.message ?? error}`,
      {
        store: url,
        cassette: name,
        hint: 'The file is damaged or was changed outside @cassettekit/sqlite: `cassette check` lists every damaged cassette; write this one again from its source, or restore the file from a copy',
        cause: error,
      },
    );
  };

  /**
   * Null for a cassette that is not there; an error when the name index misses a row the table holds
   * (a damaged index would otherwise make a listed cassette "not found").
   */
  const absent = (name: string): null => {
    // Compared as decoded: a damaged name reads back (and is listed) as text the index cannot find.
    for (const row of statements.names.iterate()) {
      if (row.name === name) throw invalid(name, new Error('its row or the index of names is damaged'));
    }
    return null;
  };

  /** The rows must be the ones written together: a damaged row or pointer is an error, never other content. */
  const checkRows = (name: string, row: CassetteRecord, interactions: readonly InteractionRecord[]): void => {
    const stored = row.checksum;
    if (stored === null || !recordsChecksum(name, row, interactions).equals(stored)) {
      throw new Error('its rows do not match their checksum (the file is damaged)');
    }
  };

  /** The bodies of one interaction row, by slot; `cache` shares decoded bodies within one read. */
  const bodiesOf = (row: InteractionRecord, blocks: Blocks, cache: Map<number, Body>) => {
    return (slot: BodySlot): Body | undefined => {
      const at = slotLocation(row, slot);
      const id = slotValueId(row, slot);
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
  const blocksOf = (row: CassetteRecord, interactions: readonly InteractionRecord[]) =>
    blobs.fetch([
      documentLocation(row),
      originalLocation(row),
      ...interactions.flatMap((r) => SLOTS.map((slot) => slotLocation(r, slot))),
    ]);

  /**
   * Blocks read inside a snapshot; a block that cannot be decoded is reported as the cassette's
   * error (INVALID_CASSETTE) after the snapshot, not as a failed read of the database.
   */
  const readBlocks = (fn: () => Blocks): { blocks: Blocks; error?: unknown } => {
    try {
      return { blocks: fn() };
    } catch (error) {
      if ((error as { code?: unknown })?.code?.toString().startsWith('SQLITE_')) throw error;
      return { blocks: new Map(), error };
    }
  };

  /** The document's text and the format columns of a cassette row. */
  const documentOf = (row: CassetteRecord, blocks: Blocks) => {
    const doc = documentLocation(row);
    if (doc === null) throw new Error('the document row is missing');
    const text = blobs.value(doc, blocks);
    const originalAt = originalLocation(row);
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

  return {
    // defineStore has checked the name and that the store is open.
    async get(name) {
      const found = await session.snapshot(
        'get',
        () => {
          const row = statements.cassette.get(name);
          if (row === undefined) return absent(name);
          const interactions = statements.interactions.all(row.id);
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
        checkRows(name, found.row, rows);
        const { text, format } = documentOf(found.row, blocks);
        const data = rowsToCassette(text, rows.length, (position, slot) =>
          bodiesOf(rows[position]!, blocks, cache)(slot),
        );
        const cassette: Cassette = format === undefined ? { data } : { data, format };
        return { cassette, version: versionToken(found.row.revision) };
      } catch (error) {
        throw invalid(name, error);
      }
    },

    async getInteraction(name, index) {
      session.ensureOpen();
      assertValidName(name, url);
      const found = await session.snapshot(
        'get',
        () => {
          const head = statements.cassette.get(name) ?? absent(name) ?? undefined;
          const row = head === undefined ? undefined : statements.interaction.get(head.id, index);
          if (head === undefined || row === undefined) return null;
          return { head, row, ...readBlocks(() => blocksOf(head, [row])) };
        },
        name,
      );
      if (found === null) return null;
      try {
        if (found.error !== undefined) throw found.error;
        const { blocks } = found;
        const data = parseDocument(documentOf(found.head, blocks).text);
        const list = isValueMap(data) ? data.interactions : undefined;
        const item = Array.isArray(list) ? list[index] : undefined;
        if (item === undefined) throw new Error(`interaction ${index} is not in the document`);
        fillBodies(item, bodiesOf(found.row, blocks, new Map()));
        return item as InteractionData;
      } catch (error) {
        throw invalid(name, error);
      }
    },
  };
}
