// Loading vcrpy cassettes through the yaml store, as ratios to two baselines measured in this run:
// vcrpy's own loader (python3 + PyYAML/libyaml, interleaved with ours: the machine drifts) and the
// floor of a structured load (reading the same data as JSON files + JSON.parse). The vcrpy ratio is
// given in CPU time as well as wall time: on a shared machine, CPU time is what stays comparable.
// CASSETTE_CORPUS=DIR measures the YAML files under DIR instead of the repository's crewAI part.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toTaggedJson } from '@cassettekit/core';
import { codecFor, yamlCodec } from '@cassettekit/formats';
import { createFileStore } from '../src/index.js';
import { median, table } from './measure.js';
import { vcrpyLoadMs, vcrpyUnavailable } from './vcrpy.js';

const ROUNDS = 5;
const TARGET_VS_VCRPY = 4.5;
const root =
  process.env.CASSETTE_CORPUS ??
  fileURLToPath(new URL('../../../fixtures/corpus/vcrpy/crewAIInc__crewAI', import.meta.url));

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => /\.ya?ml$/.test(f) && statSync(f).isFile());

// Only what vcrpy itself reads: both sides load the same files.
const codec = codecFor('yaml');
const paths = yamlFiles(root).filter((path) => {
  try {
    codec.decode(readFileSync(path, 'utf8'));
    return true;
  } catch {
    return false;
  }
});
const names = paths.map((p) => relative(root, p).replace(/\.ya?ml$/, ''));
const bytes = paths.reduce((sum, p) => sum + statSync(p).size, 0);

const jsonDir = await mkdtemp(join(tmpdir(), 'cassette-bench-'));
const jsonPaths = paths.map((_, i) => join(jsonDir, `${i}.json`));
await Promise.all(
  paths.map((p, i) =>
    writeFile(jsonPaths[i]!, JSON.stringify(toTaggedJson(codec.decode(readFileSync(p, 'utf8')).data))),
  ),
);

const store = createFileStore({ dir: root, codec: yamlCodec() });
const loadAll = async () => {
  for (const name of names) await store.get(name);
};
const floor = await median(ROUNDS, async () => {
  for (const path of jsonPaths) JSON.parse(await readFile(path, 'utf8'));
});

const missing = vcrpyUnavailable();
const ours: number[] = [];
const oursCpu: number[] = [];
const theirs: number[] = [];
const theirsCpu: number[] = [];
await loadAll(); // warm-up
for (let round = 0; round < ROUNDS; round += 1) {
  if (missing === null) {
    const vcrpy = vcrpyLoadMs(paths);
    theirs.push(vcrpy.wall);
    theirsCpu.push(vcrpy.cpu);
  }
  const start = performance.now();
  const startCpu = process.cpuUsage();
  await loadAll();
  const cpu = process.cpuUsage(startCpu);
  ours.push(performance.now() - start);
  oursCpu.push((cpu.user + cpu.system) / 1000);
}
const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const store_ = mid(ours);
const mb = bytes / 1e6;
const rows = [
  ['operation', 'median ms', 'MB/s', 'ratio', 'target'],
  ['read + JSON.parse (floor)', floor.toFixed(1), (mb / (floor / 1000)).toFixed(0), '1.00x the floor', ''],
  [
    'yaml store: get every cassette',
    store_.toFixed(1),
    (mb / (store_ / 1000)).toFixed(0),
    `${(store_ / floor).toFixed(2)}x the floor`,
    '',
  ],
];
if (missing === null) {
  const vcrpy = mid(theirs);
  const ratio = vcrpy / store_;
  const cpuRatio = mid(theirsCpu) / mid(oursCpu);
  rows.push(
    [
      "vcrpy's loader (same files, interleaved)",
      vcrpy.toFixed(1),
      (mb / (vcrpy / 1000)).toFixed(0),
      `store is ${ratio.toFixed(2)}x faster`,
      `>= ${TARGET_VS_VCRPY}x ${ratio >= TARGET_VS_VCRPY ? 'met' : 'NOT met'}`,
    ],
    [
      '  the same, in CPU time',
      `${mid(oursCpu).toFixed(1)} vs ${mid(theirsCpu).toFixed(1)}`,
      '',
      `store is ${cpuRatio.toFixed(2)}x faster`,
      `>= ${TARGET_VS_VCRPY}x ${cpuRatio >= TARGET_VS_VCRPY ? 'met' : 'NOT met'}`,
    ],
  );
}
console.log(`\nyaml store: loading ${names.length} cassettes (${mb.toFixed(1)} MB of YAML) from ${root}\n`);
console.log(table(rows));
if (missing !== null) console.log(`\nvcrpy baseline skipped: ${missing}`);
await rm(jsonDir, { recursive: true, force: true });
