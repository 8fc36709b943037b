/**
 * Runs an oracle process that reads `{"doc": <tagged value>}` lines and answers `{"out": text}` or
 * `{"out": {"$error": message}}` lines in order (scripts/psych-oracle.rb, scripts/yamlv3-oracle).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Value } from '@cassettekit/core';
import { encodeValue } from '../pyyaml/codec.js';

export type OracleResult = string | { error: string };

export const PSYCH_ORACLE = fileURLToPath(new URL('../../scripts/psych-oracle.rb', import.meta.url));

export function rubyAvailable(): boolean {
  return (
    spawnSync('ruby', ['-e', 'require "psych"; exit(Psych::VERSION.start_with?("4.") ? 0 : 1)']).status === 0
  );
}

export async function runLineOracle(
  command: string,
  args: string[],
  docs: Value[],
  env?: NodeJS.ProcessEnv,
): Promise<OracleResult[]> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: env ?? process.env });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    stderr += d;
  });
  const results: OracleResult[] = [];
  const lines = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
  const done = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      const out = (JSON.parse(line) as { out: string | { $error: string } }).out;
      results.push(typeof out === 'string' ? out : { error: out.$error });
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && results.length === docs.length) resolve();
      else
        reject(
          new Error(
            `${command} oracle exited with ${code} after ${results.length}/${docs.length} docs: ${stderr}`,
          ),
        );
    });
  });
  for (const doc of docs) {
    if (!child.stdin.write(`${JSON.stringify({ doc: encodeValue(doc) })}\n`)) {
      await new Promise<void>((resolve) => child.stdin.once('drain', () => resolve()));
    }
  }
  child.stdin.end();
  await done;
  return results;
}

/** Compares an emitter with oracle results: both wrote the same text, or both refused. */
export function compare(
  docs: Value[],
  expected: OracleResult[],
  emit: (v: Value) => string,
  maxReported = 3,
): { identical: number; mismatches: string[] } {
  let identical = 0;
  const mismatches: string[] = [];
  docs.forEach((doc, i) => {
    let got: OracleResult;
    try {
      got = emit(doc);
    } catch (e) {
      got = { error: e instanceof Error ? e.message : String(e) };
    }
    const want = expected[i] as OracleResult;
    if (typeof got === 'string' || typeof want === 'string' ? got === want : true) identical++;
    else if (mismatches.length < maxReported) {
      const a = JSON.stringify(want);
      const b = JSON.stringify(got);
      let at = 0;
      while (at < a.length && a[at] === b[at]) at++;
      const from = Math.max(0, at - 300);
      mismatches.push(
        `doc #${i}\n  input:  ${JSON.stringify(encodeValue(doc)).slice(0, 1000)}\n  oracle: ...${a.slice(from, at + 300)}\n  ours:   ...${b.slice(from, at + 300)}`,
      );
    }
  });
  return { identical, mismatches };
}
