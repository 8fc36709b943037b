import { createHash } from 'node:crypto';
import type { InteractionRow } from './rows.js';

/**
 * The checksum of a cassette's rows (`cassettes.checksum`): SHA-256 over its name, revision, format
 * columns, the hashes of its document and original text, and every interaction row (index columns
 * and the hashes of its bodies, in order). Values are checked against their own hashes when read;
 * this checks the rows that point at them, so a damaged row or index that still points at a valid
 * value (another body, another cassette's document) is an error, not different content.
 */

export interface ChecksummedCassette {
  readonly name: string;
  readonly revision: number;
  readonly style: string | null;
  readonly originalCodec: string | null;
  readonly originalDigest: string | null;
  readonly docHash: Buffer | null;
  readonly originalHash: Buffer | null;
}

/** An interaction's index columns and the hashes of its bodies. */
export interface ChecksummedInteraction extends IndexColumns {
  readonly requestHash: Buffer | null;
  readonly responseHash: Buffer | null;
  readonly contentHash: Buffer | null;
}

type IndexColumns = Pick<InteractionRow, 'position' | 'method' | 'uri' | 'host' | 'status' | 'fingerprint'>;

/** The index columns of an interaction row, in the table's order. */
export function indexColumns(
  i: IndexColumns,
): [number, string, string, string | null, number | null, string] {
  return [i.position, i.method, i.uri, i.host, i.status, i.fingerprint];
}

const hex = (hash: Buffer | null): string | null => (hash === null ? null : hash.toString('hex'));

export function rowsChecksum(
  cassette: ChecksummedCassette,
  interactions: readonly ChecksummedInteraction[],
): Buffer {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify([
      cassette.name,
      cassette.revision,
      cassette.style,
      cassette.originalCodec,
      cassette.originalDigest,
      hex(cassette.docHash),
      hex(cassette.originalHash),
      interactions.length,
    ]),
  );
  for (const i of interactions) {
    hash.update(
      JSON.stringify([...indexColumns(i), hex(i.requestHash), hex(i.responseHash), hex(i.contentHash)]),
    );
  }
  return hash.digest();
}
