/**
 * Scan throughput over the whole corpus, as a ratio to just loading it (decoding the YAML/JSON text
 * into cassettes), measured in the same run: `npm run bench -w @cassettekit/secrets`.
 *
 * A ratio of 0.1 means scanning a store costs a tenth of what reading it already costs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cassette } from '@cassettekit/core';
import { codecFor } from '@cassettekit/formats';
import { redactCassette, scanCassette } from '../src/index.js';

const CORPUS = fileURLToPath(new URL('../../../fixtures/corpus/vcrpy/', import.meta.url));
const ROUNDS = Number(process.env.ROUNDS ?? 7);

const files: { name: string; text: string; codec: 'yaml' | 'json' }[] = [];
for (const entry of readdirSync(CORPUS, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const codec = entry.name.endsWith('.json') ? 'json' : entry.name.endsWith('.yaml') ? 'yaml' : null;
  if (codec === null) continue;
  const path = join(entry.parentPath, entry.name);
  files.push({ name: path.slice(CORPUS.length), text: readFileSync(path, 'utf8'), codec });
}
const codecs = { yaml: codecFor('yaml'), json: codecFor('json') };

function load(): Cassette[] {
  const out: Cassette[] = [];
  for (const file of files) {
    try {
      out.push(codecs[file.codec].decode(file.text));
    } catch {
      // The corpus holds a few files that are refused on purpose (legacy python tags).
    }
  }
  return out;
}

/** CPU time (user + system) of `fn`, in ms: wall time on a shared machine measures the neighbours. */
function time<T>(fn: () => T): { ms: number; value: T } {
  const start = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, value };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Scanning should cost at most half of what loading the same store already costs. */
const TARGET = 0.5;

const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0);
let cassettes = load(); // warm-up
const loads: number[] = [];
const scans: number[] = [];
const redacts: number[] = [];
const ratios: number[] = [];
let findings = 0;
// Interleaved, so every round's ratio compares load and scan under the same machine load.
for (let round = 0; round < ROUNDS; round += 1) {
  const loaded = time(load);
  cassettes = loaded.value;
  const scanned = time(() => cassettes.reduce((n, c) => n + scanCassette(c).length, 0));
  findings = scanned.value;
  const redacted = time(() => cassettes.reduce((n, c) => n + (redactCassette(c).changed ? 1 : 0), 0));
  loads.push(loaded.ms);
  scans.push(scanned.ms);
  redacts.push(redacted.ms);
  ratios.push(scanned.ms / loaded.ms);
}

const mb = bytes / 1024 / 1024;
const rate = (ms: number) => `${(mb / (ms / 1000)).toFixed(1)} MB/s`;
const [loadMs, scanMs, redactMs, ratio] = [loads, scans, redacts, ratios].map(median) as [
  number,
  number,
  number,
  number,
];
console.log(
  `corpus: ${cassettes.length} cassettes of ${files.length} files, ${mb.toFixed(1)} MB; CPU time, median of ${ROUNDS}`,
);
console.log(`load (decode):      ${loadMs.toFixed(1)} ms  ${rate(loadMs)}`);
console.log(`scan:               ${scanMs.toFixed(1)} ms  ${rate(scanMs)}  (${findings} findings)`);
console.log(`redact (no writes): ${redactMs.toFixed(1)} ms  ${rate(redactMs)}`);
console.log(
  `scan / load ratio:  ${ratio.toFixed(3)}  (target <= ${TARGET}: ${ratio <= TARGET ? 'met' : 'NOT met'})`,
);
