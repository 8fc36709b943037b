import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Value } from '@cassettekit/core';
import { decodeValue, type Tagged } from '../pyyaml/codec.js';
import type { OracleResult } from './oracle.js';

/** Reads a `{"in": tagged doc, "out": text | {"$error": ...}}` JSON-lines golden file. */
export function readGoldens(path: string): { docs: Value[]; expected: OracleResult[] } {
  const docs: Value[] = [];
  const expected: OracleResult[] = [];
  for (const line of gunzipSync(readFileSync(path)).toString('utf8').split('\n')) {
    if (!line) continue;
    const row = JSON.parse(line) as { in: Tagged; out: string | { $error: string } };
    docs.push(decodeValue(row.in));
    expected.push(typeof row.out === 'string' ? row.out : { error: row.out.$error });
  }
  return { docs, expected };
}
