/**
 * Talks to `scripts/pyyaml-oracle.py`: one python3 process per run, documents streamed as JSON lines.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Value } from '@cassettekit/core';
import type { YamlStyle } from '../../src/pyyaml/index.js';
import { encodeValue } from './codec.js';

export const ORACLE_SCRIPT = fileURLToPath(new URL('../../scripts/pyyaml-oracle.py', import.meta.url));

/** What PyYAML wrote, or the exception it raised (`{ error }`). */
export type OracleResult = string | { error: string };

export const PYTHON = process.env.PYTHON ?? 'python3';

/** Whether python3 with PyYAML 6 and libyaml is available here. */
export function oracleAvailable(): boolean {
  const r = spawnSync(
    PYTHON,
    [
      '-c',
      'import yaml,sys; sys.exit(0 if yaml.__with_libyaml__ and yaml.__version__.startswith("6.") else 1)',
    ],
    {
      encoding: 'utf8',
    },
  );
  return r.status === 0;
}

export function styleTuple(s: YamlStyle): [string, number | 'inf', boolean, string] {
  return [s.dumper, s.width === Number.POSITIVE_INFINITY ? 'inf' : s.width, s.unicode, s.flow];
}

/** Dumps every document in every style; results[doc][style]. */
export async function runOracle(docs: Value[], styles: YamlStyle[]): Promise<OracleResult[][]> {
  const child = spawn(PYTHON, [ORACLE_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    stderr += d;
  });
  const tuples = styles.map(styleTuple);
  const results: OracleResult[][] = [];
  const lines = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
  const done = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      const parsed = JSON.parse(line) as { out: (string | { $error: string })[] };
      results.push(parsed.out.map((o) => (typeof o === 'string' ? o : { error: o.$error })));
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && results.length === docs.length) resolve();
      else
        reject(
          new Error(
            `pyyaml oracle exited with ${code} after ${results.length}/${docs.length} docs: ${stderr}`,
          ),
        );
    });
  });
  // Feed in chunks, honouring backpressure.
  for (const doc of docs) {
    const ok = child.stdin.write(`${JSON.stringify({ doc: encodeValue(doc), styles: tuples })}\n`);
    if (!ok) await new Promise<void>((resolve) => child.stdin.once('drain', () => resolve()));
  }
  child.stdin.end();
  await done;
  return results;
}
