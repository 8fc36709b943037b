import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Value } from '@cassettekit/core';
import { decodeValue, encodeValue, type Tagged } from '../pyyaml/codec.js';
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

/** Writes the golden file read by readGoldens (gzip level 9); returns its size in bytes. */
export function writeGoldens(path: string, docs: Value[], results: OracleResult[]): number {
  let text = '';
  docs.forEach((doc, i) => {
    const r = results[i];
    const out = typeof r === 'string' ? r : { $error: r?.error ?? 'missing' };
    text += `${JSON.stringify({ in: encodeValue(doc), out })}\n`;
  });
  const gz = gzipSync(text, { level: 9 });
  writeFileSync(path, gz);
  return gz.length;
}
