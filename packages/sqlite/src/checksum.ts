import { crc32 } from 'node:zlib';
import type { InteractionRow } from './rows.js';

/**
 * The checksum of a cassette's rows (`cassettes.checksum`, schema version 4): CRC-32 over its name,
 * revision, format columns, the checks (CRC-32 and size) of its document and original text, and
 * every interaction row (index columns and the checks of its bodies, in order), as 4 bytes. Values
 * are checked against their own CRC when read; this checks the rows that point at them, so a damaged
 * row or index that still points at a valid value (another body, another cassette's document) is an
 * error, not different content. (Version 3 used SHA-256 over the values' SHA-256: see migrate-v3.ts.)
 */

/** A value's check as the rows see it: its CRC-32 and size; null where the row points at nothing. */
export interface ValueCheck {
  readonly crc: number | null;
  readonly size: number | null;
}

export interface ChecksummedCassette {
  readonly name: string;
  readonly revision: number;
  readonly style: string | null;
  readonly originalCodec: string | null;
  readonly originalDigest: string | null;
  readonly doc: ValueCheck | null;
  readonly original: ValueCheck | null;
}

/** An interaction's index columns and the checks of its bodies. */
export interface ChecksummedInteraction extends IndexColumns {
  readonly request: ValueCheck | null;
  readonly response: ValueCheck | null;
  readonly content: ValueCheck | null;
}

type IndexColumns = Pick<InteractionRow, 'position' | 'method' | 'uri' | 'host' | 'status' | 'fingerprint'>;

/** The index columns of an interaction row, in the table's order. */
export function indexColumns(
  i: IndexColumns,
): [number, string, string, string | null, number | null, string] {
  return [i.position, i.method, i.uri, i.host, i.status, i.fingerprint];
}

export function rowsChecksum(
  cassette: ChecksummedCassette,
  interactions: readonly ChecksummedInteraction[],
): Buffer {
  const parts: unknown[] = [
    cassette.name,
    cassette.revision,
    cassette.style,
    cassette.originalCodec,
    cassette.originalDigest,
  ];
  const check = (v: ValueCheck | null): void => {
    parts.push(v?.crc ?? null, v?.size ?? null);
  };
  check(cassette.doc);
  check(cassette.original);
  parts.push(interactions.length);
  for (const i of interactions) {
    parts.push(i.position, i.method, i.uri, i.host, i.status, i.fingerprint);
    check(i.request);
    check(i.response);
    check(i.content);
  }
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(JSON.stringify(parts)));
  return sum;
}
