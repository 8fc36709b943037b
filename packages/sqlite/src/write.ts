import { type Cassette, checkVersion, createError, isValueMap, type WriteOptions } from '@cassettekit/core';
import type { BlobWriter } from './blobs.js';
import { indexColumns, rowsChecksum } from './checksum.js';
import { type CodecLookup, formatToColumns } from './format.js';
import { planBlocks } from './pack.js';
import { type BodySlot, cassetteToRows, type ValueRow, valueRow } from './rows.js';
import type { Session } from './session.js';
import { type ReadStatements, versionToken } from './statements.js';

/** Writing and deleting cassettes: each one transaction, compare-and-swap on the cassette's revision. */
export interface CassetteWriter {
  put(name: string, cassette: Cassette, options?: WriteOptions): Promise<{ version: string }>;
  delete(name: string, options?: WriteOptions): Promise<boolean>;
}

export function createWriter(
  session: Session,
  statements: ReadStatements,
  codecs: CodecLookup,
): CassetteWriter {
  const { url } = session;

  /** Drops one reference per use of a value by a cassette (body slots, document, original); the ids to collect. */
  const releaseValues = (cassetteId: number, values: BlobWriter): number[] => {
    const released: number[] = [];
    const release = (id: number | null): void => {
      if (id === null) return;
      values.unref(id);
      released.push(id);
    };
    for (const r of statements.bodyRefs.all(cassetteId)) {
      release(r.request_body);
      release(r.response_body);
      release(r.content_body);
    }
    const head = statements.docRefs.get(cassetteId);
    release(head?.doc ?? null);
    release(head?.original ?? null);
    return released;
  };

  return {
    // defineStore has checked the name, that the store is open and that it is writable.
    async put(name, cassette, writeOptions: WriteOptions = {}) {
      const ws = session.writer();
      const { values } = ws;
      if (!isValueMap(cassette?.data)) {
        throw createError('INVALID_CASSETTE', 'the cassette data is not a mapping', {
          store: url,
          cassette: name,
        });
      }
      // Everything slow happens before the write lock: encoding, hashing, packing new values.
      const rows = cassetteToRows(cassette.data);
      const format = await formatToColumns(cassette, codecs);
      session.ensureOpen();
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
      const known = await session.run(
        'put',
        () => {
          const ids = new Map<string, number>();
          for (const [key, v] of distinct) if (statements.hasValue.get(v.hash) !== undefined) ids.set(key, 0);
          return ids;
        },
        name,
      );
      const planned = planBlocks(missingOf(known));
      let rawBytes = 0;
      for (const v of distinct.values()) rawBytes += v.raw.length;

      return session.transaction(
        'put',
        () => {
          const head = ws.head.get(name);
          checkVersion(head === undefined ? null : versionToken(head.revision), writeOptions, url, name);
          const revision = ws.bump.get()!.value;
          const released = head === undefined ? [] : releaseValues(head.id, values);
          if (head !== undefined) ws.deleteInteractions.run(head.id);
          // Looked up again under the lock: another writer may have added or dropped values since.
          const ids = values.known(distinct.values());
          values.store(missingOf(ids), planned, ids);
          const refer = (v: ValueRow): number => {
            const id = ids.get(v.hash.toString('hex'))!;
            values.ref(id);
            return id;
          };
          const docId = refer(doc);
          const originalId = original === null ? null : refer(original);
          const pending: unknown[][] = [];
          for (const i of rows.interactions) {
            const slots: Record<BodySlot, number | null> = { request: null, response: null, content: null };
            for (const b of i.bodies) slots[b.slot] = refer(b);
            pending.push([...indexColumns(i), slots.request, slots.response, slots.content]);
          }
          const storedBytes = values.storedBytes(ids.values());
          const now = Date.now();
          const columns = [docId, format.style, format.originalCodec, format.originalDigest, originalId];
          const check = (v: ValueRow | null | undefined) =>
            v === null || v === undefined ? null : { crc: v.crc, size: v.raw.length };
          const checksum = rowsChecksum(
            {
              name,
              revision,
              style: format.style,
              originalCodec: format.originalCodec,
              originalDigest: format.originalDigest,
              doc: check(doc),
              original: check(original),
            },
            rows.interactions.map((i) => {
              const of = (slot: BodySlot) => check(i.bodies.find((b) => b.slot === slot));
              return { ...i, request: of('request'), response: of('response'), content: of('content') };
            }),
          );
          const sizes = [rows.interactions.length, storedBytes, rawBytes, checksum];
          let id: number;
          if (head === undefined) {
            id = ws.insertCassette.get(name, revision, now, ...columns, ...sizes)!.id;
          } else {
            id = head.id;
            ws.updateCassette.run(revision, now, ...columns, ...sizes, id);
          }
          for (const p of pending) ws.insertInteraction.run(id, ...p);
          values.collect(released);
          values.mergeIfDue();
          return { version: versionToken(revision) };
        },
        name,
      );
    },

    async delete(name, writeOptions: WriteOptions = {}) {
      const ws = session.writer();
      const { values } = ws;
      return session.transaction(
        'delete',
        () => {
          const head = ws.head.get(name);
          checkVersion(head === undefined ? null : versionToken(head.revision), writeOptions, url, name);
          if (head === undefined) return false;
          ws.bump.get();
          const released = releaseValues(head.id, values);
          ws.deleteInteractions.run(head.id);
          ws.deleteCassette.run(head.id);
          values.collect(released);
          values.mergeIfDue();
          return true;
        },
        name,
      );
    },
  };
}
